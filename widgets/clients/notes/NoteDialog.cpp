#include "NoteDialog.h"

#include "common/ErrorText.h"
#include "common/FormParts.h"
#include "common/StatusColors.h"
#include "db/Connection.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace opsdeck::widgets::clients {

using opsdeck::notes::ConsultantNote;
using opsdeck::notes::NoteRepository;

NoteDialog::NoteDialog(session::Session& session, const QString& tenantId, const QString& tenantName,
                       QWidget* parent)
    : QDialog(parent), m_session(session), m_tenantId(tenantId)
{
    setObjectName(QStringLiteral("noteDialog"));
    setWindowTitle(tenantName.isEmpty() ? tr("Add note") : tr("Add note — %1").arg(tenantName));
    setMinimumWidth(440);
    auto* layout = new QVBoxLayout(this);

    auto* intro = new QLabel(tr("Only you can read your notes."), this);
    intro->setWordWrap(true);
    applyTone(intro, Tone::Neutral);
    layout->addWidget(intro);

    m_content = new QPlainTextEdit(this);
    m_content->setObjectName(QStringLiteral("noteContent"));
    m_content->setPlaceholderText(tr("e.g. Prefers a call on Monday mornings"));
    m_content->setTabChangesFocus(true);
    m_content->setMinimumHeight(120);
    layout->addWidget(m_content, 1);

    m_pinned = new QCheckBox(tr("Pin to the top of this tenant's notes"), this);
    m_pinned->setObjectName(QStringLiteral("notePinned"));
    layout->addWidget(m_pinned);

    m_problem = newProblemLabel(this, QStringLiteral("noteProblem"));
    layout->addWidget(m_problem);

    m_save = addFormButtons(this, layout, QDialogButtonBox::Cancel, tr("Add note"),
                            QStringLiteral("noteSave"), &NoteDialog::submit);

    connect(m_content, &QPlainTextEdit::textChanged, this, &NoteDialog::revalidate);
    revalidate();
}

QString NoteDialog::problemText() const
{
    return m_problem->text();
}

void NoteDialog::fill(const QString& content, bool pinned)
{
    m_content->setPlainText(content);
    m_pinned->setChecked(pinned);
}

void NoteDialog::revalidate()
{
    // An empty form is not an error yet; the button says it.
    m_problem->clear();
    m_save->setEnabled(NoteRepository::draftProblem(m_content->toPlainText()).isEmpty() && !m_saving);
}

void NoteDialog::setSaving(bool saving)
{
    m_saving = saving;
    m_content->setReadOnly(saving);
    m_pinned->setEnabled(!saving);
    m_save->setEnabled(!saving && NoteRepository::draftProblem(m_content->toPlainText()).isEmpty());
}

bool NoteDialog::submit()
{
    if (m_saving)
        return false;
    const QString content = m_content->toPlainText();
    const QString problem = NoteRepository::draftProblem(content);
    if (!problem.isEmpty()) {
        m_problem->setText(problem);
        m_content->setFocus();
        return false;
    }
    m_problem->clear();
    setSaving(true);
    const bool pinned = m_pinned->isChecked();
    const QString tenantId = m_tenantId;
    m_session.pool()
        .run([tenantId, content, pinned](db::Connection& c) {
            return NoteRepository::add(c, tenantId, content, pinned);
        })
        .then(this, [this](const db::DbResult<ConsultantNote>& r) {
            setSaving(false);
            if (!r.ok()) {
                const QString message = errorSentence(r.error());
                m_problem->setText(message);
                Q_EMIT refused(message);
                return;
            }
            Q_EMIT saved(r.value());
            accept();
        });
    return true;
}

NoteDialog* addNoteFor(session::Session& session, const QString& tenantId, const QString& tenantName,
                       QWidget* parent)
{
    auto* dialog = new NoteDialog(session, tenantId, tenantName, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

} // namespace opsdeck::widgets::clients
