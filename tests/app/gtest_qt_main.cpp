#include <QApplication>

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    // Widgets need an application; the offscreen platform needs no display, opens nothing on
    // the desktop, and renders the same on every machine.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
