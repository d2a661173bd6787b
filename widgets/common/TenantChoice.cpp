#include "TenantChoice.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QSignalBlocker>

namespace opsdeck::widgets {

QString tenantChoiceText(const session::TenantRef& tenant)
{
    return tenant.active ? tenant.name
                         : QCoreApplication::translate("TenantChoice", "%1 (inactive)").arg(tenant.name);
}

void replaceTenantChoices(QComboBox* combo, int fixedItems, const QList<session::TenantRef>& tenants)
{
    const QSignalBlocker block(combo);
    const QString current = combo->currentData().toString();
    while (combo->count() > fixedItems)
        combo->removeItem(fixedItems);
    for (const session::TenantRef& t : tenants)
        combo->addItem(tenantChoiceText(t), t.id);
    const int i = combo->findData(current);
    combo->setCurrentIndex(i >= 0 ? i : 0);
}

void followScopeTenant(QComboBox* combo, const QString& scope, QString& followed)
{
    if (scope == followed)
        return;
    followed = scope;
    const QSignalBlocker block(combo);
    int i = combo->findData(scope);
    if (i < 0) {
        combo->addItem(QCoreApplication::translate("TenantChoice", "Selected tenant"), scope);
        i = combo->count() - 1;
    }
    combo->setCurrentIndex(i);
}

} // namespace opsdeck::widgets
