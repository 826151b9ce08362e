#pragma once

#include <QDialog>

namespace interleave {

// Help > About: the icon, the version, one sentence of what the program is for.
class AboutDialog : public QDialog {
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

} // namespace interleave
