#pragma once

#include <QChartView>

class QFont;

namespace interleave {

// A chart view whose type follows the window's. QtCharts sets its fonts in points of its own,
// so a chart would keep its type when classroom mode (F6) enlarges everyone else's: here the
// chart's sizes are those chosen for the type the view was built in, times how much larger the
// view's font has grown since (typeScale). A change of the view's font restyles the chart.
//
// Where the chart is too small for a text at that size (QtCharts would cut it: "Speedup over
// sequential (...", "wall tim..."), the text is drawn smaller, as little as it must and never
// smaller than in the ordinary type: the title and a legend below or above the plot across the
// chart's width, an axis title along its axis (fitTexts, again whenever the plot area moves).
class ReadableChartView : public QChartView {
    Q_OBJECT

public:
    // The view's type over the one it was built in: 1 as built, 1.75 in classroom type.
    double typeScale() const;

    // The size, in points, at which a text `width` pixels wide at `points` fits `room` pixels:
    // points when it fits, else smaller in half points, never below floorPoints.
    static double fittedPoints(double points, double width, double room, double floorPoints);

protected:
    explicit ReadableChartView(QWidget* parent = nullptr);

    // Sets the chart's fonts for the scale: chartstyle::applyReadableStyle, and what a chart
    // sizes itself; then fits them (fitTexts). The subclass calls restyle() at the end of its
    // constructor, once its axes and series exist.
    virtual void applyType(double scale);
    void restyle()
    {
        applyType(typeScale());
        applyColours();
    }
    // Fits each text to the room it has now, from its size at the present scale.
    virtual void fitTexts();
    // Takes the colours of the view's palette (the window's light or dark theme):
    // chartstyle::applyPaletteColours, and what a chart draws in the ink of its own. Called by
    // restyle() and again whenever the palette changes.
    virtual void applyColours();

    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    double m_builtPointSize;
};

} // namespace interleave
