#pragma once

#include <QProxyStyle>

namespace interleave {

// The style of a quiz's radio buttons: the indicator 0.9 em high (so classroom mode's larger
// type gives a larger target), drawn as a ring in the text's colour, with a dot in
// the highlight colour when chosen. The platform's indicator is a dark disc on a dark theme,
// which reads as chosen whether it is or not.
class ChoiceStyle : public QProxyStyle {
public:
    using QProxyStyle::QProxyStyle;

    int pixelMetric(PixelMetric metric, const QStyleOption* option = nullptr,
        const QWidget* widget = nullptr) const override;
    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
        const QWidget* widget = nullptr) const override;
    // As tall as its number or its indicator, no taller: the answer's text beside it sets the
    // row's height.
    QSize sizeFromContents(ContentsType type, const QStyleOption* option, const QSize& contents,
        const QWidget* widget = nullptr) const override;
};

} // namespace interleave
