#pragma once

#include "db/DbError.h"

#include <QString>

namespace opsdeck::widgets {

// A database refusal as a sentence for the form that caused it: the form already says what was
// being done, so the context ("cancelling outbound items — …") is left out; message boxes and
// logs keep DbError::text().
inline QString errorSentence(const db::DbError& error)
{
    db::DbError e = error;
    e.context.clear();
    QString text = e.text();
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

} // namespace opsdeck::widgets
