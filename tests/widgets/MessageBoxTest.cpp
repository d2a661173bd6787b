#include "common/MessageBox.h"

#include "WidgetTestSupport.h"

#include <QElapsedTimer>
#include <catch2/catch.hpp>

using opsdeck::widgets::MessageBox;

TEST_CASE("MessageBox in test mode records the text and answers without blocking", "[widgets][messagebox]")
{
    MessageBox::clearRecorded();
    MessageBox::setTestMode(true);
    QElapsedTimer clock;
    clock.start();

    CHECK(MessageBox::critical(nullptr, QStringLiteral("Opsdeck"),
                               QStringLiteral("The demo could not start")) == QMessageBox::Ok);
    // Without a default button a question answers with the first of Ok, Yes, ...: Yes here.
    CHECK(MessageBox::question(nullptr, QStringLiteral("Pause intake"),
                               QStringLiteral("Pause intake now?")) == QMessageBox::Yes);
    CHECK(MessageBox::question(nullptr, QStringLiteral("Pause intake"), QStringLiteral("Really?"),
                               QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::No);
    // A one-off answer wins over test mode, then test mode applies again.
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    CHECK(MessageBox::warning(nullptr, QStringLiteral("Unsaved"), QStringLiteral("Discard?"),
                              QMessageBox::Ok | QMessageBox::Cancel) == QMessageBox::Cancel);
    CHECK(MessageBox::information(nullptr, QStringLiteral("Info"), QStringLiteral("Done")) ==
          QMessageBox::Ok);
    CHECK(clock.elapsed() < 1000); // nothing waited for a person

    const auto shown = MessageBox::recorded();
    REQUIRE(shown.size() == 5);
    CHECK(shown[0].icon == QMessageBox::Critical);
    CHECK(shown[0].text == QStringLiteral("The demo could not start"));
    CHECK(shown[1].title == QStringLiteral("Pause intake"));
    CHECK(shown[3].answer == QMessageBox::Cancel);
    CHECK(MessageBox::lastRecorded().text == QStringLiteral("Done"));

    MessageBox::setTestMode(false);
    MessageBox::clearRecorded();
    CHECK(MessageBox::recorded().isEmpty());
}

TEST_CASE("MessageBox answers the next box only when a test installs one answer", "[widgets][messagebox]")
{
    MessageBox::clearRecorded();
    MessageBox::setTestMode(false);
    MessageBox::setNextAnswer(QMessageBox::No);
    CHECK(MessageBox::question(nullptr, QStringLiteral("Q"), QStringLiteral("Delete the note?")) ==
          QMessageBox::No);
    REQUIRE(MessageBox::recorded().size() == 1);
    CHECK(MessageBox::recorded().constFirst().text == QStringLiteral("Delete the note?"));
    CHECK_FALSE(MessageBox::testMode());
    MessageBox::clearRecorded();
}
