// Precompiled for the Qt targets of app/ (see interleave_precompile_qt in CMakeLists.txt): the
// Qt and standard headers that most of their files include. Nothing of the project's own
// goes here, so editing a project header never rebuilds the precompiled header.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QString>
#include <QTimer>
#include <QVBoxLayout>
#include <QWidget>
// Only the targets that link QtCharts see its headers (the timeline library does not).
#if __has_include(<QChart>)
#include <QChart>
#include <QChartView>
#include <QValueAxis>
#endif

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>
