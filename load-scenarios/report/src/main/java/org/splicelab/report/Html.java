package org.splicelab.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Building blocks of {@code report.html}: escaping, tables, and the charts as inline SVG drawn here in
 * Java, so the page needs no script, no web font and no network. Every chart has an {@code id}, a
 * {@code <title>}, labelled axes with tick values, a legend, and a {@code <title>} on each series.
 * Stateless; any thread.
 */
final class Html {
    /** Series colours in order: one per model on the compare page. */
    static final List<String> PALETTE = List.of(
        "#2563eb", "#ea580c", "#059669", "#9333ea", "#dc2626", "#0891b2", "#a16207", "#db2777", "#475569");
    static final String BY_REFERENCE_COLOR = "#0f766e";
    static final String COPIED_COLOR = "#ea8a0c";
    /** p50, p99, p999: one hue, darker for the rarer tail. */
    static final List<String> PERCENTILE_COLORS = List.of("#93c5fd", "#3b82f6", "#1e3a8a");

    private static final int WIDTH = 880;
    private static final int LEFT = 92;
    private static final int RIGHT = 28;
    private static final int PLOT_HEIGHT = 230;
    private static final int BOTTOM = 52;
    private static final int LEGEND_ROW = 20;
    private static final double CHAR_WIDTH = 6.6;
    /** The width of a character of a bar's label (12.5px, weight 600), generously: a short guess clips it. */
    private static final double LABEL_CHAR_WIDTH = 8.2;
    private static final double TICK_CHAR_WIDTH = 5.8;
    private static final int MAX_MARKERS = 60;
    private static final String GRID = "#e5e7eb";
    private static final String AXIS = "#6b7280";

    private Html() {
    }

    /** Text for an element or a quoted attribute; C0 controls other than tab and newline become U+FFFD. */
    static String escape(final String text) {
        if (text == null) {
            return "";
        }
        final StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /**
     * A table: header cells (the first {@code textColumns} left-aligned, the rest numeric), then rows of
     * already-rendered cells.
     */
    static String table(final String cssClass, final List<String> header, final int textColumns,
                        final List<String> rows) {
        final StringBuilder sb = new StringBuilder("<table class=\"").append(cssClass).append("\">\n<thead><tr>");
        for (int i = 0; i < header.size(); i++) {
            sb.append(i < textColumns ? "<th scope=\"col\">" : "<th scope=\"col\" class=\"num\">")
                .append(escape(header.get(i))).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        rows.forEach(r -> sb.append("<tr>").append(r).append("</tr>\n"));
        return sb.append("</tbody>\n</table>\n").toString();
    }

    /** A label cell, then right-aligned figure cells. */
    static String cells(final String label, final String... figures) {
        final StringBuilder sb = new StringBuilder("<th scope=\"row\">").append(escape(label)).append("</th>");
        for (final String f : figures) {
            sb.append("<td class=\"num\">").append(escape(f)).append("</td>");
        }
        return sb.toString();
    }

    /** What stands in for a chart with nothing to draw. */
    static String noData(final String id, final String title, final String reason) {
        return "<div class=\"no-data\" id=\"" + escape(id) + "\" role=\"note\"><strong>" + escape(title)
            + ": no data.</strong> " + escape(reason) + "</div>\n";
    }

    /** What a linear axis counts; picks the unit of its ticks from the largest value. */
    enum Quantity {
        COUNT, BYTES;

        Unit unit(final double max) {
            if (this == BYTES) {
                final String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
                int u = 0;
                while (u < units.length - 1 && max >= Math.pow(1024, u + 1)) {
                    u++;
                }
                return new Unit(Math.pow(1024, u), units[u]);
            }
            return max >= 1e9 ? new Unit(1e9, "G") : max >= 1e6 ? new Unit(1e6, "M") : new Unit(1, "");
        }

        String format(final double v) {
            return this == BYTES ? SummaryTable.bytes(v) : SummaryTable.rate(v);
        }
    }

    /** Tick values are divided by {@code divisor} and followed by {@code suffix}. */
    record Unit(double divisor, String suffix) {
    }

    /** One line: the points {@code (x[i], y[i])}; {@code filled} shades the area under it. */
    record Line(String name, String color, boolean dashed, boolean filled, double[] x, double[] y) {
    }

    /** One entry of a legend: a line swatch, or a block for bars. */
    record Key(String name, String color, boolean dashed, boolean block) {
    }

    /** One panel of grouped bars: {@code values[group][series]}. */
    record BarPanel(String title, List<String> groups, double[][] values) {
    }

    /** One horizontal bar of the share chart: bytes by reference then copied. */
    record ShareRow(String label, double byReference, double copied) {
    }

    /** The plot area and the data range it maps. */
    private record Frame(double x, double y, double w, double h, double xMax, double yMax) {
        double px(final double v) {
            return x + (xMax <= 0 ? 0 : v / xMax * w);
        }

        double py(final double v) {
            return y + h - (yMax <= 0 ? 0 : v / yMax * h);
        }

        double bottom() {
            return y + h;
        }
    }

    /**
     * Lines over time on linear axes from zero. With at most two lines each point gets a marker and a
     * title; a line of one point always does, since a path of one point draws nothing.
     */
    static String lineChart(final String id, final String title, final String xLabel, final String yLabel,
                            final Quantity quantity, final List<Line> lines) {
        final StringBuilder body = new StringBuilder();
        final int top = legend(body, lines.stream().map(l -> new Key(l.name(), l.color(), l.dashed(), false)).toList());
        double xMax = 0;
        double yMax = 0;
        for (final Line l : lines) {
            for (int i = 0; i < l.x().length; i++) {
                xMax = Math.max(xMax, l.x()[i]);
                yMax = Math.max(yMax, l.y()[i]);
            }
        }
        final Unit unit = quantity.unit(yMax);
        final double[] yTicks = ticks(yMax / unit.divisor(), 5);
        final double[] xTicks = ticks(xMax, 10);
        final Frame f = new Frame(LEFT, top, WIDTH - LEFT - RIGHT, PLOT_HEIGHT, last(xTicks),
            last(yTicks) * unit.divisor());
        linearYAxis(body, f, yTicks, unit, yLabel);
        xAxis(body, f, xTicks, xLabel);
        final boolean markers = lines.size() <= 2;
        lines.forEach(l -> line(body, f, l, quantity, xLabel,
            markers && l.x().length <= MAX_MARKERS || l.x().length == 1));
        return svg(id, title, top + PLOT_HEIGHT + BOTTOM, body);
    }

    /** Grouped vertical bars on a shared log scale, in one or more panels side by side. */
    static String logBarChart(final String id, final String title, final String xLabel, final String yLabel,
                              final String valueSuffix, final List<Key> series, final List<BarPanel> panels) {
        final StringBuilder body = new StringBuilder();
        final boolean titled = panels.stream().anyMatch(p -> !p.title().isEmpty());
        final int top = legend(body, series) + (titled ? 22 : 0);
        final double[] range = logRange(panels);
        final double gap = panels.size() > 1 ? 32 : 0;
        final double panelWidth = (WIDTH - LEFT - RIGHT - gap * (panels.size() - 1)) / panels.size();
        final LogFrame f = new LogFrame(top, PLOT_HEIGHT, range[0], range[1]);
        for (int p = 0; p < panels.size(); p++) {
            final double x = LEFT + p * (panelWidth + gap);
            logYAxis(body, f, x, panelWidth, p == 0, yLabel);
            panelAxis(body, f, x, panelWidth, panels.get(p), xLabel);
        }
        for (int s = 0; s < series.size(); s++) {
            body.append("<g class=\"series\"><title>").append(escape(series.get(s).name())).append("</title>\n");
            for (int p = 0; p < panels.size(); p++) {
                bars(body, f, LEFT + p * (panelWidth + gap), panelWidth, panels.get(p), s, series, valueSuffix);
            }
            body.append("</g>\n");
        }
        return svg(id, title, top + PLOT_HEIGHT + BOTTOM, body);
    }

    /** Horizontal bars, one per row, split into bytes by reference and bytes copied, on one scale. */
    static String shareChart(final String id, final String title, final List<ShareRow> rows) {
        final StringBuilder body = new StringBuilder();
        final int top = legend(body, List.of(new Key("by reference", BY_REFERENCE_COLOR, false, true),
            new Key("copied", COPIED_COLOR, false, true)));
        final int rowHeight = 34;
        // a label is drawn right-aligned before the bars in 12.5px semibold: about 8 px a character, plus room
        final double labelWidth = Math.min(220, 24 + rows.stream().mapToInt(r -> r.label().length()).max().orElse(4)
            * LABEL_CHAR_WIDTH);
        final double x0 = Math.max(LEFT, labelWidth);
        final double barMax = WIDTH - RIGHT - 300 - x0;
        final double max = Math.max(1, rows.stream().mapToDouble(r -> r.byReference() + r.copied()).max().orElse(1));
        shareSeries(body, "by reference", BY_REFERENCE_COLOR, rows, top, rowHeight, x0, barMax / max, true);
        shareSeries(body, "copied", COPIED_COLOR, rows, top, rowHeight, x0, barMax / max, false);
        body.append("<g class=\"labels\">\n");
        for (int i = 0; i < rows.size(); i++) {
            final ShareRow r = rows.get(i);
            final double y = top + i * rowHeight + 22;
            final double all = r.byReference() + r.copied();
            text(body, x0 - 10, y, "end", "label", r.label());
            text(body, x0 + all * barMax / max + 10, y, "start", "value", all == 0 ? "no bytes moved"
                : SummaryTable.bytes(all) + " in all, " + SummaryTable.percent(r.copied() / all) + " copied");
        }
        body.append("</g>\n");
        return svg(id, title, top + rows.size() * rowHeight + 16, body);
    }

    private static void shareSeries(final StringBuilder body, final String name, final String color,
                                    final List<ShareRow> rows, final int top, final int rowHeight, final double x0,
                                    final double scale, final boolean first) {
        body.append("<g class=\"series\"><title>").append(escape(name)).append("</title>\n");
        for (int i = 0; i < rows.size(); i++) {
            final ShareRow r = rows.get(i);
            final double v = first ? r.byReference() : r.copied();
            if (v > 0) {
                final double x = x0 + (first ? 0 : r.byReference() * scale);
                body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(top + i * rowHeight + 6)
                    .append("\" width=\"").append(n(Math.max(1, v * scale))).append("\" height=\"22\" fill=\"")
                    .append(color).append("\"><title>").append(escape(r.label() + ", " + name + ": "
                        + SummaryTable.bytes(v) + " (" + SummaryTable.count((long) v) + " bytes)"))
                    .append("</title></rect>\n");
            }
        }
        body.append("</g>\n");
    }

    /** Round tick values from 0 to at least {@code max}, about {@code target} steps. */
    static double[] ticks(final double max, final int target) {
        final double top = max > 0 && Double.isFinite(max) ? max : 1;
        final double rough = top / target;
        final double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        final double norm = rough / magnitude;
        final double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
        final int steps = (int) Math.ceil(top / step - 1e-9);
        final double[] ticks = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            ticks[i] = i * step;
        }
        return ticks;
    }

    /** A tick value with as many decimals as its step needs, thousands separated. */
    static String tickLabel(final double value, final double step) {
        final int decimals = step >= 1 || step <= 0 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static int legend(final StringBuilder body, final List<Key> keys) {
        body.append("<g class=\"legend\">\n");
        double x = LEFT;
        int y = 20;
        for (final Key k : keys) {
            final double w = 30 + k.name().length() * CHAR_WIDTH + 22;
            if (x + w > WIDTH - RIGHT && x > LEFT) {
                x = LEFT;
                y += LEGEND_ROW;
            }
            if (k.block()) {
                body.append("<rect x=\"").append(n(x)).append("\" y=\"").append(y - 10).append("\" width=\"14\"")
                    .append(" height=\"12\" rx=\"2\" fill=\"").append(k.color()).append("\"/>");
            } else {
                body.append("<line x1=\"").append(n(x)).append("\" y1=\"").append(y - 4).append("\" x2=\"")
                    .append(n(x + 22)).append("\" y2=\"").append(y - 4).append("\" stroke=\"").append(k.color())
                    .append("\" stroke-width=\"2.5\"").append(k.dashed() ? " stroke-dasharray=\"6 4\"" : "")
                    .append("/>");
            }
            text(body, x + 30, y, "start", "legend-text", k.name());
            x += w;
        }
        body.append("</g>\n");
        return y + 18;
    }

    private static void linearYAxis(final StringBuilder body, final Frame f, final double[] ticks, final Unit unit,
                                    final String label) {
        body.append("<g class=\"axis y\">\n");
        final double step = ticks.length > 1 ? ticks[1] : 1;
        for (final double t : ticks) {
            final double y = f.py(t * unit.divisor());
            hline(body, f.x(), f.x() + f.w(), y, t == 0 ? AXIS : GRID);
            text(body, f.x() - 8, y + 4, "end", "tick",
                tickLabel(t, step) + (unit.suffix().isEmpty() || t == 0 ? "" : " " + unit.suffix()));
        }
        axisTitle(body, f.y() + f.h() / 2, label);
        body.append("</g>\n");
    }

    private static void xAxis(final StringBuilder body, final Frame f, final double[] ticks, final String label) {
        body.append("<g class=\"axis x\">\n");
        final double step = ticks.length > 1 ? ticks[1] : 1;
        for (final double t : ticks) {
            final double x = f.px(t);
            body.append("<line x1=\"").append(n(x)).append("\" y1=\"").append(n(f.bottom())).append("\" x2=\"")
                .append(n(x)).append("\" y2=\"").append(n(f.bottom() + 5)).append("\" stroke=\"").append(AXIS)
                .append("\"/>");
            text(body, x, f.bottom() + 19, "middle", "tick", tickLabel(t, step));
        }
        text(body, f.x() + f.w() / 2, f.bottom() + 42, "middle", "axis-title", label);
        body.append("</g>\n");
    }

    private static void line(final StringBuilder body, final Frame f, final Line l, final Quantity quantity,
                             final String xLabel, final boolean markers) {
        body.append("<g class=\"series\"><title>").append(escape(l.name())).append("</title>\n");
        final StringBuilder d = new StringBuilder();
        for (int i = 0; i < l.x().length; i++) {
            d.append(i == 0 ? "M" : " L").append(n(f.px(l.x()[i]))).append(',').append(n(f.py(l.y()[i])));
        }
        if (l.filled() && l.x().length > 1) {
            body.append("<path d=\"M").append(n(f.px(l.x()[0]))).append(',').append(n(f.bottom())).append(" L")
                .append(d.substring(1)).append(" L").append(n(f.px(last(l.x())))).append(',')
                .append(n(f.bottom())).append(" Z\" fill=\"").append(l.color()).append("\" fill-opacity=\"0.12\"")
                .append(" stroke=\"none\"/>\n");
        }
        body.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(l.color())
            .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"")
            .append(l.dashed() ? " stroke-dasharray=\"6 4\"" : "").append("/>\n");
        if (markers) {
            for (int i = 0; i < l.x().length; i++) {
                body.append("<circle cx=\"").append(n(f.px(l.x()[i]))).append("\" cy=\"").append(n(f.py(l.y()[i])))
                    .append("\" r=\"2.6\" fill=\"").append(l.color()).append("\"><title>")
                    .append(escape(l.name() + " at " + xLabel + " " + tickLabel(l.x()[i], 0.01) + ": "
                        + quantity.format(l.y()[i])))
                    .append("</title></circle>\n");
            }
        }
        body.append("</g>\n");
    }

    /** The log scale of the bar chart: decades from {@code lo} to {@code hi}. */
    private record LogFrame(double y, double h, double lo, double hi) {
        double py(final double v) {
            final double clamped = Math.max(lo, Math.min(hi, v));
            return y + h - (Math.log10(clamped) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * h;
        }

        double bottom() {
            return y + h;
        }
    }

    private static double[] logRange(final List<BarPanel> panels) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (final BarPanel p : panels) {
            for (final double[] group : p.values()) {
                for (final double v : group) {
                    if (v > 0 && Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (max == 0) {
            return new double[] {1, 10};
        }
        final double lo = Math.pow(10, Math.floor(Math.log10(min)));
        final double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        return new double[] {lo, hi > lo ? hi : lo * 10};
    }

    private static void logYAxis(final StringBuilder body, final LogFrame f, final double x, final double w,
                                 final boolean labelled, final String label) {
        body.append("<g class=\"axis y\">\n");
        final long decades = Math.round(Math.log10(f.hi() / f.lo()));
        for (double d = f.lo(); d <= f.hi() * 1.0001; d *= 10) {
            for (final int m : decades <= 2 ? new int[] {1, 2, 5} : new int[] {1}) {
                final double v = d * m;
                if (v > f.hi() * 1.0001) {
                    break;
                }
                hline(body, x, x + w, f.py(v), v == f.lo() ? AXIS : GRID);
                if (labelled) {
                    text(body, x - 8, f.py(v) + 4, "end", "tick", logTickLabel(v));
                }
            }
        }
        if (labelled) {
            axisTitle(body, f.y() + f.h() / 2, label);
        }
        body.append("</g>\n");
    }

    private static String logTickLabel(final double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%,.0f", v)
            : new BigDecimal(String.format(Locale.ROOT, "%.6f", v)).stripTrailingZeros().toPlainString();
    }

    private static void panelAxis(final StringBuilder body, final LogFrame f, final double x, final double w,
                                  final BarPanel panel, final String xLabel) {
        body.append("<g class=\"axis x\">\n");
        if (!panel.title().isEmpty()) {
            text(body, x + w / 2, f.y() - 10, "middle", "panel-title", panel.title());
        }
        final double groupWidth = w / panel.groups().size();
        final int maxChars = (int) Math.max(3, groupWidth / TICK_CHAR_WIDTH);
        for (int g = 0; g < panel.groups().size(); g++) {
            final String name = panel.groups().get(g);
            text(body, x + (g + 0.5) * groupWidth, f.bottom() + 19, "middle", "tick",
                name.length() > maxChars ? name.substring(0, maxChars - 1) + "…" : name);
        }
        text(body, x + w / 2, f.bottom() + 42, "middle", "axis-title", xLabel);
        body.append("</g>\n");
    }

    private static void bars(final StringBuilder body, final LogFrame f, final double x, final double w,
                             final BarPanel panel, final int s, final List<Key> series, final String suffix) {
        final double groupWidth = w / panel.groups().size();
        final double barWidth = Math.min(44, groupWidth * 0.78 / series.size());
        for (int g = 0; g < panel.groups().size(); g++) {
            final double v = panel.values()[g][s];
            if (!(v > 0) || !Double.isFinite(v)) {
                continue;
            }
            final double bx = x + g * groupWidth + (groupWidth - barWidth * series.size()) / 2 + s * barWidth;
            final double by = f.py(v);
            final String what = (panel.title().isEmpty() ? "" : panel.title() + ", ") + panel.groups().get(g) + ", "
                + series.get(s).name() + ": " + SummaryTable.micros(v) + " " + suffix;
            body.append("<rect x=\"").append(n(bx + 1)).append("\" y=\"").append(n(by)).append("\" width=\"")
                .append(n(barWidth - 2)).append("\" height=\"").append(n(Math.max(1, f.bottom() - by)))
                .append("\" fill=\"").append(series.get(s).color()).append("\"><title>").append(escape(what))
                .append("</title></rect>\n");
            if (barWidth >= 30) {
                text(body, bx + barWidth / 2, by - 5, "middle", "bar-value", SummaryTable.micros(v));
            }
        }
    }

    private static void hline(final StringBuilder body, final double x1, final double x2, final double y,
                              final String color) {
        body.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y)).append("\" x2=\"").append(n(x2))
            .append("\" y2=\"").append(n(y)).append("\" stroke=\"").append(color).append("\"/>\n");
    }

    private static void axisTitle(final StringBuilder body, final double cy, final String label) {
        body.append("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(18,").append(n(cy))
            .append(") rotate(-90)\">").append(escape(label)).append("</text>\n");
    }

    private static void text(final StringBuilder body, final double x, final double y, final String anchor,
                             final String cssClass, final String text) {
        body.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"")
            .append(anchor).append("\" class=\"").append(cssClass).append("\">").append(escape(text))
            .append("</text>\n");
    }

    private static String svg(final String id, final String title, final int height, final StringBuilder body) {
        final String safeId = escape(id);
        return "<svg id=\"" + safeId + "\" class=\"chart\" viewBox=\"0 0 " + WIDTH + " " + height + "\" width=\""
            + WIDTH + "\" height=\"" + height + "\" role=\"img\" aria-labelledby=\"" + safeId + "-title\">\n"
            + "<title id=\"" + safeId + "-title\">" + escape(title) + "</title>\n" + body + "</svg>\n";
    }

    private static double last(final double[] values) {
        return values[values.length - 1];
    }

    /** A coordinate with one decimal. */
    private static String n(final double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
