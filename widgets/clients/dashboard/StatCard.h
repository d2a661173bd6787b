#pragma once

#include <QFrame>

class QLabel;

namespace opsdeck::widgets::clients {

// One number of the dashboard: a caption ("Events"), the value with its unit ("1,234" "events"), and
// a detail line ("last 7 d · 152 ok · 8 failed"). Drawn as a quiet card on the palette's base colour.
class StatCard : public QFrame
{
    Q_OBJECT

public:
    explicit StatCard(const QString& caption, QWidget* parent = nullptr);

    void setValue(const QString& value, const QString& unit);
    void setDetail(const QString& detail);

    QString caption() const;
    QString value() const;
    QString unit() const;
    QString detail() const;

protected:
    void changeEvent(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void updateColors();

    QLabel* m_caption = nullptr;
    QLabel* m_value = nullptr;
    QLabel* m_unit = nullptr;
    QLabel* m_detail = nullptr;
};

} // namespace opsdeck::widgets::clients
