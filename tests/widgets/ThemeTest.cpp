#include "common/Theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QStyleOptionButton>
#include <algorithm>
#include <catch2/catch.hpp>

using namespace opsdeck;
using widgets::Theme;

namespace {

// How far the drawn outline of an unticked check box stands out from the box's fill: the largest
// lightness difference between the indicator's left edge and its centre.
int uncheckedOutlineContrast(Theme::Mode mode)
{
    Theme::apply(mode);
    QCheckBox box(QStringLiteral("Run engines on this workstation"));
    box.setChecked(false);
    box.resize(box.sizeHint());
    const QImage image = box.grab().toImage();
    QStyleOptionButton option;
    option.initFrom(&box);
    const QRect indicator = box.style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, &box);
    const qreal dpr = image.devicePixelRatio();
    const auto at = [&](int x, int y) {
        return image.pixelColor(qRound(x * dpr), qRound(y * dpr));
    };
    const int fill = at(indicator.center().x(), indicator.center().y()).lightness();
    int contrast = 0;
    for (int y = indicator.top() + 3; y <= indicator.bottom() - 3; ++y)
        for (int x = indicator.left(); x <= indicator.left() + 1; ++x)
            contrast = std::max(contrast, std::abs(at(x, y).lightness() - fill));
    return contrast;
}

// Likewise for an empty line edit (a filter field): its left border against its middle.
int emptyLineEditFrameContrast(Theme::Mode mode)
{
    Theme::apply(mode);
    QLineEdit edit;
    edit.resize(200, edit.sizeHint().height());
    const QImage image = edit.grab().toImage();
    const qreal dpr = image.devicePixelRatio();
    const auto at = [&](int x, int y) {
        return image.pixelColor(qRound(x * dpr), qRound(y * dpr));
    };
    const int y = edit.height() / 2;
    const int fill = at(edit.width() / 2, y).lightness();
    int contrast = 0;
    for (int x = 0; x <= 2; ++x)
        contrast = std::max(contrast, std::abs(at(x, y).lightness() - fill));
    return contrast;
}

// How far a checked button's face stands out from an unchecked one's (a segmented control).
int checkedButtonContrast(Theme::Mode mode)
{
    Theme::apply(mode);
    QPushButton on(QStringLiteral("7 d"));
    QPushButton off(QStringLiteral("7 d"));
    for (QPushButton* b : {&on, &off}) {
        b->setCheckable(true);
        b->resize(80, b->sizeHint().height());
    }
    on.setChecked(true);
    const QImage a = on.grab().toImage();
    const QImage b = off.grab().toImage();
    // A point of the face left of the text.
    const QPoint p(qRound(8 * a.devicePixelRatio()), a.height() / 2);
    const QColor ca = a.pixelColor(p);
    const QColor cb = b.pixelColor(p);
    return std::abs(ca.red() - cb.red()) + std::abs(ca.green() - cb.green()) +
           std::abs(ca.blue() - cb.blue());
}

} // namespace

TEST_CASE("Check boxes, line edits and checked buttons stand out in the light and the dark palette",
          "[theme]")
{
    const Theme::Mode before = Theme::current();
    CHECK(uncheckedOutlineContrast(Theme::Mode::Light) >= 40);
    CHECK(uncheckedOutlineContrast(Theme::Mode::Dark) >= 40);
    CHECK(emptyLineEditFrameContrast(Theme::Mode::Light) >= 30);
    CHECK(emptyLineEditFrameContrast(Theme::Mode::Dark) >= 30);
    CHECK(checkedButtonContrast(Theme::Mode::Light) >= 40);
    CHECK(checkedButtonContrast(Theme::Mode::Dark) >= 40);
    Theme::apply(before);
}
