#include "ConnectionEditDialog.h"

#include "common/FormParts.h"
#include "common/StatusColors.h"
#include "common/TenantChoice.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace opsdeck::widgets::tools {
namespace {

QString typeTitle(const QString& type)
{
    if (type == QLatin1String("email"))
        return QObject::tr("Email");
    if (type == QLatin1String("sms"))
        return QObject::tr("SMS");
    return QObject::tr("Webhook");
}

} // namespace

ConnectionEditDialog::ConnectionEditDialog(const QList<session::TenantRef>& tenants,
                                           const QString& preferredTenant, QWidget* parent)
    : QDialog(parent), m_creating(true)
{
    build();
    setWindowTitle(tr("New connection"));
    m_tenant->addItem(tr("Company (own) — staff alert e-mail and SMS"), QString());
    for (const session::TenantRef& t : tenants)
        m_tenant->addItem(tenantChoiceText(t), t.id);
    const int i = m_tenant->findData(preferredTenant);
    m_tenant->setCurrentIndex(i >= 0 ? i : 0);
    insertExample();
    revalidate();
}

ConnectionEditDialog::ConnectionEditDialog(const connections::ConnectionRecord& r, QWidget* parent)
    : QDialog(parent), m_creating(false), m_slugEdited(true), m_id(r.id)
{
    build();
    setWindowTitle(tr("Edit connection — %1").arg(r.appName));
    m_tenant->addItem(r.isCompanys() ? tr("Company (own)") : r.tenantName, r.tenantId);
    m_tenant->setEnabled(false);
    m_type->setCurrentIndex(m_type->findData(r.deliveryType));
    m_type->setEnabled(false);
    m_name->setText(r.appName);
    m_slug->setText(r.appSlug);
    m_config->setPlainText(connections::configText(r.config));
    revalidate();
}

void ConnectionEditDialog::build()
{
    setObjectName(QStringLiteral("connectionEditDialog"));
    setMinimumWidth(560);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout();

    m_tenant = new QComboBox(this);
    m_tenant->setObjectName(QStringLiteral("connectionTenant"));
    form->addRow(tr("Tenant"), m_tenant);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("connectionName"));
    m_name->setPlaceholderText(tr("e.g. HubSpot"));
    form->addRow(tr("App name"), m_name);
    m_slug = new QLineEdit(this);
    m_slug->setObjectName(QStringLiteral("connectionSlug"));
    m_slug->setPlaceholderText(tr("e.g. hubspot"));
    form->addRow(tr("Slug"), m_slug);
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("connectionType"));
    for (const QString& t : connections::ConnectionRepository::deliveryTypes())
        m_type->addItem(typeTitle(t), t);
    form->addRow(tr("Delivers by"), m_type);
    layout->addLayout(form);

    auto* configHeader = new QHBoxLayout();
    auto* configLabel = new QLabel(tr("Configuration (JSON, no secrets)"), this);
    auto* example = new QPushButton(tr("Insert example"), this);
    example->setObjectName(QStringLiteral("connectionExample"));
    example->setToolTip(tr("Replaces the configuration with an example for the chosen delivery type"));
    configHeader->addWidget(configLabel);
    configHeader->addStretch(1);
    configHeader->addWidget(example);
    layout->addLayout(configHeader);
    m_config = new QPlainTextEdit(this);
    m_config->setObjectName(QStringLiteral("connectionConfig"));
    m_config->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_config->setTabChangesFocus(true);
    m_config->setMinimumHeight(150);
    layout->addWidget(m_config, 1);

    m_problem = newProblemLabel(this, QStringLiteral("connectionProblem"));
    m_notes = new QLabel(this);
    m_notes->setObjectName(QStringLiteral("connectionNotes"));
    m_notes->setWordWrap(true);
    applyTone(m_notes, Tone::Neutral);
    layout->addWidget(m_problem);
    layout->addWidget(m_notes);

    m_submit = addFormButtons(this, layout, QDialogButtonBox::Cancel, m_creating ? tr("Create") : tr("Save"),
                              QStringLiteral("connectionSubmit"), &ConnectionEditDialog::submit);

    connect(example, &QPushButton::clicked, this, &ConnectionEditDialog::insertExample);
    connect(m_name, &QLineEdit::textChanged, this, [this](const QString& name) {
        if (!m_slugEdited) {
            const QSignalBlocker block(m_slug);
            m_slug->setText(connections::ConnectionRepository::slugFor(name));
        }
        revalidate();
    });
    connect(m_slug, &QLineEdit::textEdited, this, [this] { m_slugEdited = true; });
    connect(m_slug, &QLineEdit::textChanged, this, &ConnectionEditDialog::revalidate);
    connect(m_config, &QPlainTextEdit::textChanged, this, &ConnectionEditDialog::revalidate);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        // A fresh form follows the type; typed configuration is the operator's and stays.
        if (m_creating && !m_config->document()->isModified())
            insertExample();
        revalidate();
    });
}

connections::ConnectionDraft ConnectionEditDialog::draft() const
{
    return {m_tenant->currentData().toString(), m_name->text().trimmed(), m_slug->text().trimmed(),
            m_type->currentData().toString(), m_config->toPlainText()};
}

QString ConnectionEditDialog::problemText() const
{
    return m_problem->text();
}

QString ConnectionEditDialog::notesText() const
{
    return m_notes->text();
}

void ConnectionEditDialog::insertExample()
{
    m_config->setPlainText(connections::exampleConfig(m_type->currentData().toString()));
    m_config->document()->setModified(false);
}

void ConnectionEditDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget* w : std::initializer_list<QWidget*>{m_name, m_slug, m_config})
        w->setEnabled(!busy);
    if (m_creating) {
        m_tenant->setEnabled(!busy);
        m_type->setEnabled(!busy);
    }
    revalidate();
}

void ConnectionEditDialog::showProblem(const QString& text)
{
    m_problem->setText(text);
}

bool ConnectionEditDialog::submit()
{
    const QString p = connections::ConnectionRepository::draftProblem(draft(), m_creating);
    m_problem->setText(p);
    if (!p.isEmpty() || m_busy)
        return false;
    Q_EMIT submitted();
    return true;
}

void ConnectionEditDialog::revalidate()
{
    const connections::ConnectionDraft d = draft();
    const QString p = connections::ConnectionRepository::draftProblem(d, m_creating);
    // Nothing typed yet: no red text, only a disabled button.
    m_problem->setText(d.appName.isEmpty() && m_creating ? QString() : p);
    const connections::ConfigCheck check = connections::checkConfig(d.deliveryType, d.configText);
    m_notes->setText(check.notes.join(QLatin1Char('\n')));
    m_submit->setEnabled(p.isEmpty() && !m_busy);
}

} // namespace opsdeck::widgets::tools
