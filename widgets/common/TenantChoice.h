#pragma once

#include "session/Session.h"

#include <QList>
#include <QString>

class QComboBox;

namespace opsdeck::widgets {

// The tenant choice that several panels and forms offer (a filter, a form's tenant field).

// "Name", or "Name (inactive)": how a tenant reads in every tenant choice.
QString tenantChoiceText(const session::TenantRef& tenant);

// Replaces the tenants after the first `fixedItems` entries ("All tenants", "General", …) with
// `tenants`, keeping the current choice when it is still there, else the first entry. Emits no
// signal.
void replaceTenantChoices(QComboBox* combo, int fixedItems, const QList<session::TenantRef>& tenants);

// Makes the window's tenant scope the combo's choice (empty: the entry whose data is empty) when
// it changed since `followed`, the scope the combo last followed (updated here); between changes
// the combo is the operator's. A tenant not in the list yet is added as "Selected tenant" until
// replaceTenantChoices names it. Emits no signal.
void followScopeTenant(QComboBox* combo, const QString& scope, QString& followed);

} // namespace opsdeck::widgets
