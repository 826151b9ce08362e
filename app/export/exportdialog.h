#pragma once

#include "export/timelineframing.h"
#include "trace/trace.h"

#include <QDialog>

#include <functional>
#include <QSize>
#include <QString>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace interleave {

// What File > Export timeline writes: the file, its size and scale, and the framing the
// command line's screenshot takes (--from-ms, --to-ms, --lanes, --title, --caption, --legend).
struct TimelineExportRequest {
    QString path;
    QSize size;
    double scale = 1;
    TimelineFraming framing;
};

// Edits a TimelineExportRequest for one trace: its lanes are offered by name (all ticked: every
// lane), its length bounds the window. OK is refused, with the reason shown in the dialog,
// while the request cannot be drawn (a path that is not .png or .svg, no lane ticked, an empty
// window). A name typed without a folder goes in the folder of the path offered (the home
// folder when that has none); a file that exists is replaced only once the user says so (the
// Choose… dialog asks itself).
class ExportDialog : public QDialog {
    Q_OBJECT

public:
    ExportDialog(const Trace& trace, const TimelineExportRequest& initial, QWidget* parent = nullptr);

    // The request as the fields say now.
    TimelineExportRequest request() const;
    // Why request() cannot be drawn, in a sentence; empty when it can.
    QString problem() const;

    void accept() override;

    // Asked before an existing file is replaced: true to replace it. A question box by default;
    // tests answer it.
    void setReplaceQuestion(std::function<bool(const QString& path)> ask) { m_askReplace = std::move(ask); }

private:
    void chooseFile();
    QString absolutePath(const QString& typed) const;

    QString m_folder; // where a bare name goes
    QString m_confirmed; // the path the Choose… dialog has already asked about
    std::function<bool(const QString& path)> m_askReplace;

    Trace m_trace;
    QLineEdit* m_path = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    QDoubleSpinBox* m_scale = nullptr;
    QDoubleSpinBox* m_fromMs = nullptr;
    QDoubleSpinBox* m_toMs = nullptr;
    QListWidget* m_lanes = nullptr;
    QLineEdit* m_title = nullptr;
    QLineEdit* m_caption = nullptr;
    QCheckBox* m_legend = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace interleave
