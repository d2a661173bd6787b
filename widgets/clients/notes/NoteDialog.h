#pragma once

#include "notes/NoteRepository.h"
#include "session/Session.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace opsdeck::widgets::clients {

// The Clients cards' quick action "Add note": a private consultant note about one tenant, with a
// "Pin" box. Save runs NoteRepository::add on the pool without blocking, closes the dialog once the
// database agreed (saved()) and otherwise keeps it open with the database's own words. Non-modal
// (open()), so a test fills it with fill() and calls submit(), then waits for saved().
class NoteDialog : public QDialog
{
    Q_OBJECT

public:
    NoteDialog(session::Session& session, const QString& tenantId, const QString& tenantName,
               QWidget* parent = nullptr);

    QString tenantId() const { return m_tenantId; }
    QPlainTextEdit* contentEdit() const { return m_content; }
    QCheckBox* pinnedCheck() const { return m_pinned; }
    QPushButton* saveButton() const { return m_save; }
    QString problemText() const;
    bool isSaving() const { return m_saving; }

    void fill(const QString& content, bool pinned = false);

public Q_SLOTS:
    // Validates and starts the save; returns whether it started.
    bool submit();

Q_SIGNALS:
    void saved(const opsdeck::notes::ConsultantNote& note);
    void refused(const QString& message);

private:
    void revalidate();
    void setSaving(bool saving);

    session::Session& m_session;
    QString m_tenantId;
    bool m_saving = false;
    QPlainTextEdit* m_content = nullptr;
    QCheckBox* m_pinned = nullptr;
    QLabel* m_problem = nullptr;
    QPushButton* m_save = nullptr;
};

// Opens a NoteDialog for the tenant (non-modal, deleted when closed) and returns it. For the Clients
// cards' "Add note": addNoteFor(session, tenant.id, tenant.name, this).
NoteDialog* addNoteFor(session::Session& session, const QString& tenantId, const QString& tenantName,
                       QWidget* parent);

} // namespace opsdeck::widgets::clients
