#include "export/exportdialog.h"

#include "export/savedialog.h"
#include "export/timelineexport.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <array>
#include <cmath>
#include <set>

namespace interleave {
namespace {

constexpr int kMaxSide = 16'384; // as the command line's --size

double msOf(TimeNs ns)
{
    return static_cast<double>(ns) / static_cast<double>(kNsPerMs);
}

TimeNs nsOf(double ms)
{
    return static_cast<TimeNs>(std::llround(ms * static_cast<double>(kNsPerMs)));
}

} // namespace

ExportDialog::ExportDialog(const Trace& trace, const TimelineExportRequest& initial, QWidget* parent)
    : QDialog(parent)
    , m_trace(trace)
{
    setWindowTitle(tr("Export the timeline"));
    auto* form = new QFormLayout;

    const QFileInfo offered(initial.path);
    m_folder = !initial.path.isEmpty() && offered.isAbsolute() ? offered.absolutePath() : QDir::homePath();
    m_askReplace = [this](const QString& path) {
        return QMessageBox::question(this, tr("Replace the file?"),
                   tr("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(path)),
                   QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    };
    m_path = new QLineEdit(initial.path, this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    auto* choose = new QPushButton(tr("Choose…"), this);
    connect(choose, &QPushButton::clicked, this, &ExportDialog::chooseFile);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(choose);
    form->addRow(tr("File (.png or .svg):"), pathRow);

    m_width = new QSpinBox(this);
    m_width->setObjectName(QStringLiteral("exportWidth"));
    m_height = new QSpinBox(this);
    m_height->setObjectName(QStringLiteral("exportHeight"));
    for (QSpinBox* side : {m_width, m_height}) {
        side->setRange(1, kMaxSide);
        side->setSuffix(tr(" px"));
    }
    m_width->setValue(initial.size.width());
    m_height->setValue(initial.size.height());
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addStretch(1);
    form->addRow(tr("Size:"), sizeRow);

    m_scale = new QDoubleSpinBox(this);
    m_scale->setObjectName(QStringLiteral("exportScale"));
    m_scale->setRange(0.25, kMaxExportScale);
    m_scale->setSingleStep(0.5);
    m_scale->setValue(initial.scale);
    m_scale->setToolTip(tr("Device pixels per pixel of a PNG: 2 for a sharp slide"));
    form->addRow(tr("Scale:"), m_scale);

    // The window, in ms from the run's start; 0 and the run's length are its own edges.
    const double lengthMs = msOf(trace.duration());
    m_fromMs = new QDoubleSpinBox(this);
    m_fromMs->setObjectName(QStringLiteral("exportFromMs"));
    m_toMs = new QDoubleSpinBox(this);
    m_toMs->setObjectName(QStringLiteral("exportToMs"));
    for (QDoubleSpinBox* edge : {m_fromMs, m_toMs}) {
        edge->setDecimals(3);
        edge->setRange(0, std::max(lengthMs, 0.001));
        edge->setSuffix(tr(" ms"));
    }
    m_fromMs->setSpecialValueText(tr("the start"));
    m_fromMs->setValue(initial.framing.from ? msOf(*initial.framing.from) : 0);
    m_toMs->setValue(initial.framing.to ? std::min(msOf(*initial.framing.to), lengthMs) : lengthMs);
    auto* windowRow = new QHBoxLayout;
    windowRow->addWidget(m_fromMs);
    windowRow->addWidget(new QLabel(tr("to"), this));
    windowRow->addWidget(m_toMs);
    windowRow->addStretch(1);
    form->addRow(tr("Time:"), windowRow);

    m_lanes = new QListWidget(this);
    m_lanes->setObjectName(QStringLiteral("exportLanes"));
    const std::set<std::string> chosen(initial.framing.lanes.begin(), initial.framing.lanes.end());
    std::set<std::string> listed;
    for (std::size_t i = 0; i < trace.laneCount(); ++i) {
        const std::string& name = trace.lane(static_cast<LaneId>(i)).name;
        if (name.empty() || !listed.insert(name).second)
            continue;
        auto* item = new QListWidgetItem(QString::fromStdString(name), m_lanes);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(chosen.empty() || chosen.count(name) ? Qt::Checked : Qt::Unchecked);
    }
    m_lanes->setMaximumHeight(160);
    form->addRow(tr("Lanes:"), m_lanes);

    m_title = new QLineEdit(initial.framing.title, this);
    m_title->setObjectName(QStringLiteral("exportTitle"));
    m_title->setPlaceholderText(tr("drawn above the timeline"));
    form->addRow(tr("Title:"), m_title);
    m_caption = new QLineEdit(initial.framing.caption, this);
    m_caption->setObjectName(QStringLiteral("exportCaption"));
    m_caption->setPlaceholderText(tr("drawn below it"));
    form->addRow(tr("Caption:"), m_caption);
    m_legend = new QCheckBox(tr("Legend of the states"), this);
    m_legend->setObjectName(QStringLiteral("exportLegend"));
    m_legend->setChecked(initial.framing.legend);
    form->addRow(QString(), m_legend);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("exportProblem"));
    m_problem->setWordWrap(true);
    m_problem->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
}

TimelineExportRequest ExportDialog::request() const
{
    TimelineExportRequest request;
    request.path = absolutePath(m_path->text().trimmed());
    request.size = QSize(m_width->value(), m_height->value());
    request.scale = m_scale->value();
    TimelineFraming& framing = request.framing;
    if (m_fromMs->value() > 0)
        framing.from = nsOf(m_fromMs->value());
    if (m_toMs->value() < m_toMs->maximum())
        framing.to = nsOf(m_toMs->value());
    bool every = true;
    for (int i = 0; i < m_lanes->count(); ++i) {
        const QListWidgetItem* item = m_lanes->item(i);
        if (item->checkState() == Qt::Checked)
            framing.lanes.push_back(item->text().toStdString());
        else
            every = false;
    }
    if (every)
        framing.lanes.clear();
    framing.title = m_title->text().trimmed();
    framing.caption = m_caption->text().trimmed();
    framing.legend = m_legend->isChecked();
    return request;
}

QString ExportDialog::problem() const
{
    const TimelineExportRequest r = request();
    if (r.path.isEmpty() || !exportFormatForPath(r.path))
        return tr("The file's name must end in .png or .svg.");
    if (m_lanes->count() > 0 && r.framing.lanes.empty()) {
        bool any = false;
        for (int i = 0; i < m_lanes->count(); ++i)
            any = any || m_lanes->item(i)->checkState() == Qt::Checked;
        if (!any)
            return tr("Tick at least one lane.");
    }
    if (r.framing.from && r.framing.to && *r.framing.to <= *r.framing.from)
        return tr("The time window ends before it starts.");
    if (*exportFormatForPath(r.path) == ExportFormat::Png) {
        if (const auto pixels = exportPixelsProblem(r.size, r.scale))
            return QString::fromStdString(*pixels);
    }
    if (const auto framing = framingProblem(m_trace, r.framing))
        return QString::fromStdString(*framing);
    return {};
}

QString ExportDialog::absolutePath(const QString& typed) const
{
    if (typed.isEmpty() || QFileInfo(typed).isAbsolute())
        return typed;
    return QDir(m_folder).filePath(typed);
}

void ExportDialog::accept()
{
    const QString why = problem();
    m_problem->setText(why);
    m_problem->setVisible(!why.isEmpty());
    if (!why.isEmpty())
        return;
    // Nothing is replaced unasked: the Choose… dialog has asked about its own choice.
    const QString path = request().path;
    if (path != m_confirmed && QFileInfo::exists(path) && !m_askReplace(path))
        return;
    QDialog::accept();
}

void ExportDialog::chooseFile()
{
    // The kind of the name shown first, so "Choose…" keeps an .svg an .svg.
    const SaveFileKind png {tr("PNG image (*.png)"), QStringLiteral("png")};
    const SaveFileKind svg {tr("SVG drawing (*.svg)"), QStringLiteral("svg")};
    const bool svgFirst = exportFormatForPath(m_path->text()) == ExportFormat::Svg;
    const std::array kinds {svgFirst ? svg : png, svgFirst ? png : svg};
    const QString path = askSavePath(this, tr("Export the timeline"), absolutePath(m_path->text().trimmed()), kinds);
    if (!path.isEmpty()) {
        m_path->setText(path);
        m_confirmed = path;
    }
}

} // namespace interleave
