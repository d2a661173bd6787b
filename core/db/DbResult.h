#pragma once

#include "DbError.h"

#include <optional>
#include <utility>
#include <variant>

namespace opsdeck::db {

// The outcome of a database job: a value or a DbError. Futures of the pool always carry one, so
// continuations on the GUI thread need no exception handling.
template <typename T> class DbResult
{
public:
    DbResult() : m_error(DbError{DbError::Kind::Cancelled, QStringLiteral("No result"), {}, {}}) {}
    DbResult(T value) : m_value(std::move(value)) {}
    DbResult(DbError error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T& value() const { return *m_value; }
    T& value() { return *m_value; }
    const T* operator->() const { return &*m_value; }
    const DbError& error() const { return m_error; }

private:
    std::optional<T> m_value;
    DbError m_error;
};

using DbStatus = DbResult<std::monostate>;

} // namespace opsdeck::db
