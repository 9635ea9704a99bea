/*
 * stalkcase/chart.h - SVG line charts of monthly series.
 *
 * A chart is built in memory with a small opaque builder, then written as an SVG 1.1 document
 * (UTF-8 XML, written with libxml2's text writer, so every text is escaped). It shows:
 *  - a title (say what is counted and where, e.g. "Stalking and harassment offences,
 *    Westminster"; a title too long for one line is set smaller or broken over two lines) and
 *    an optional subtitle (e.g. the source), both also in <title>/<desc> for screen readers;
 *  - one or more monthly lines; a missing value (NaN) or a month absent from a series leaves a
 *    gap in its line; a value standing alone between gaps is drawn as a dot;
 *  - optionally, for each line, a shaded band between a low and a high series (an interval);
 *  - a y axis from 0 (or from a nice negative minimum when a value is negative) to a nice
 *    maximum, with ticks at steps of 1, 2, 2.5 or 5 times a power of ten and horizontal grid
 *    lines; numbers use "." as decimal point and "," between thousands, whatever the locale;
 *  - an x axis of months: a tick every month, quarter or year and labels spaced so they do not
 *    collide (month abbreviations with the year under January and the first label, or years
 *    only for long spans);
 *  - vertical dashed markers with a label, for breaks in the counting rules: the marker of
 *    month M stands between M - 1 and M ("the rules changed at the start of M"); labels sit
 *    in rows above the plot, never over the data, staggered when they would overlap;
 *  - a legend (above the plot) when there are several lines or a band label is set;
 *  - generic fonts (sans-serif), and a colour-blind-safe palette (Okabe-Ito); lines after the
 *    seventh also differ by dash pattern.
 *
 * Output is deterministic: the same chart gives the same bytes, independent of the locale and
 * the platform (coordinates are written with two decimals by integer arithmetic).
 *
 * Ownership: a chart copies every text and array it is given; the caller keeps its own. A
 * chart is released with sc_chart_free; a buffer from sc_chart_write_buffer with sc_free.
 * Thread safety: a chart may be written from several threads at once (writing does not change
 * it); building it needs exclusive access. Different charts are independent.
 */
#ifndef STALKCASE_CHART_H
#define STALKCASE_CHART_H

#include <stalkcase/common.h>
#include <stalkcase/month.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A chart being built (opaque). Create with sc_chart_new, release with sc_chart_free. */
typedef struct sc_chart sc_chart;

/** Version of sc_chart_options this header describes. */
#define SC_CHART_OPTIONS_VERSION 1

/** Smallest and largest accepted width and height, in pixels. */
#define SC_CHART_MIN_WIDTH 320
#define SC_CHART_MIN_HEIGHT 200
#define SC_CHART_MAX_SIZE 10000

/** Most lines a chart holds, and most markers. */
#define SC_CHART_MAX_LINES 16
#define SC_CHART_MAX_MARKERS 64

/**
 * Layout options. Initialise with SC_CHART_OPTIONS_INIT, then set fields; later versions
 * append fields and raise the version.
 */
typedef struct sc_chart_options {
    unsigned int version;  /**< SC_CHART_OPTIONS_VERSION */
    unsigned int width;    /**< width of the image in px, SC_CHART_MIN_WIDTH..SC_CHART_MAX_SIZE
                                (default 800) */
    unsigned int height;   /**< height in px, SC_CHART_MIN_HEIGHT..SC_CHART_MAX_SIZE
                                (default 450) */
} sc_chart_options;

/** The defaults: 800 x 450 px. */
#define SC_CHART_OPTIONS_INIT { SC_CHART_OPTIONS_VERSION, 800, 450 }

/*
 * Texts: every text argument is NUL-terminated UTF-8, copied by the chart. It must be valid
 * UTF-8 and hold only characters XML 1.0 allows (no control characters other than tab, line
 * feed and carriage return, no U+FFFE or U+FFFF); otherwise the call fails with SC_EDATA and
 * changes nothing. Texts longer than 1000 bytes fail with SC_ELIMIT. The writer escapes
 * "<", "&" and the like; callers pass plain text.
 */

/**
 * Creates an empty chart.
 * @param out receives the chart, owned by the caller (release with sc_chart_free); NULL on
 *        failure.
 * @param title what is counted and where, e.g. "Stalking and harassment, Westminster"
 *        (copied; shown at the top and as the SVG <title>).
 * @param options size; NULL means SC_CHART_OPTIONS_INIT.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if out or title is NULL, the options' version is 0 or newer than
 *         this library's, or a size is out of range; SC_EDATA if title is not valid text (see
 *         above); SC_ELIMIT if it is too long; SC_ENOMEM.
 */
SC_API int sc_chart_new(sc_chart **out, const char *title, const sc_chart_options *options,
                        sc_error *err);

/**
 * Releases a chart and everything it owns.
 * @param chart the chart; NULL does nothing.
 */
SC_API void sc_chart_free(sc_chart *chart);

/**
 * Sets the subtitle, a smaller grey line under the title (e.g. "Metropolitan Police, recorded
 * offences per month"). Replaces an earlier subtitle; "" removes it.
 * @return SC_OK; SC_EINVAL if chart or text is NULL; SC_EDATA; SC_ELIMIT; SC_ENOMEM (the chart
 *         is then unchanged).
 */
SC_API int sc_chart_set_subtitle(sc_chart *chart, const char *text, sc_error *err);

/**
 * Sets the axis titles (e.g. "Month" and "Offences recorded"). Replaces earlier ones; "" leaves
 * an axis without a title (the default for both).
 * @param x_label title under the month axis, or NULL to keep the current one.
 * @param y_label title beside the value axis (written vertically), or NULL to keep it.
 * @return SC_OK; SC_EINVAL if chart is NULL; SC_EDATA; SC_ELIMIT; SC_ENOMEM (the chart is
 *         then unchanged, both labels included).
 */
SC_API int sc_chart_set_axis_labels(sc_chart *chart, const char *x_label, const char *y_label,
                                    sc_error *err);

/**
 * Sets the SVG <desc>, the long text description read by screen readers. Without it the writer
 * makes one from the content: the title, the subtitle, each line's name with its first and last
 * month and its highest value, and each marker. "" goes back to the generated text.
 * @return SC_OK; SC_EINVAL if chart or text is NULL; SC_EDATA; SC_ELIMIT (limit 4000 bytes
 *         here); SC_ENOMEM (the chart is then unchanged).
 */
SC_API int sc_chart_set_description(sc_chart *chart, const char *text, sc_error *err);

/**
 * Sets what the shaded bands mean (e.g. "95% interval, 2019-2022 baseline"); the legend then
 * shows a grey swatch with this text. "" removes it (the default).
 * @return SC_OK; SC_EINVAL if chart or text is NULL; SC_EDATA; SC_ELIMIT; SC_ENOMEM (the chart
 *         is then unchanged).
 */
SC_API int sc_chart_set_band_label(sc_chart *chart, const char *text, sc_error *err);

/**
 * Adds a line: n points (months[i], values[i]), drawn in the next colour of the palette, and
 * optionally a shaded band from low[i] to high[i] in the same colour.
 * A NaN value is a missing month: the line has a gap there. Months missing between two
 * consecutive entries (months[i + 1] > months[i] + 1) are a gap too. A band is shaded over
 * each run of consecutive months where both low and high are given (not NaN); a band month
 * standing alone is drawn as a short vertical bar.
 * @param chart the chart.
 * @param label the line's name, shown in the legend (copied; may be "").
 * @param months n valid months, strictly ascending (copied).
 * @param values n values, NaN or finite with a magnitude of at most 1e15 (copied).
 * @param low, high NULL for no band, or both n values, like values, with low[i] <= high[i]
 *        where both are given (copied). Both or neither must be given.
 * @param n number of points, 1 to 1200 (100 years).
 * @param err optional; for a bad element, its column is the 1-based index i + 1.
 * @return SC_OK; SC_EINVAL if chart, label, months or values is NULL, exactly one of low and
 *         high is NULL, or n is 0; SC_EDATA if a month is invalid or not after the one before,
 *         a value is infinite or above 1e15 in magnitude, low[i] > high[i], or label is not
 *         valid text; SC_ELIMIT if n > 1200, the label is too long or the chart already has SC_CHART_MAX_LINES lines;
 *         SC_ENOMEM. On failure the chart is unchanged.
 */
SC_API int sc_chart_add_line(sc_chart *chart, const char *label, const sc_month *months,
                             const double *values, const double *low, const double *high,
                             size_t n, sc_error *err);

/**
 * Adds a marker for a break in the counting rules (or any dated event): a vertical dashed line
 * at the start of month, labelled above the plot. The month axis is widened to include
 * it when it lies outside the lines' months. Markers are drawn in month order.
 * @param chart the chart.
 * @param month a valid month: the first month counted under the new rules.
 * @param label short text, e.g. "Home Office counting rules changed" (copied; may be "").
 * @return SC_OK; SC_EINVAL if chart or label is NULL or month is invalid; SC_EDATA if label is
 *         not valid text; SC_ELIMIT if the label is too long or the chart already has
 *         SC_CHART_MAX_MARKERS markers; SC_ENOMEM. On failure the chart is unchanged.
 */
SC_API int sc_chart_add_marker(sc_chart *chart, sc_month month, const char *label,
                               sc_error *err);

/**
 * Writes the chart as an SVG 1.1 document into a new buffer.
 * @param out receives the document (UTF-8, NUL-terminated for convenience), owned by the
 *        caller, released with sc_free; NULL on failure.
 * @param size receives the document's length in bytes, without the NUL; may be NULL. 0 on
 *        failure.
 * @param chart the chart (unchanged). It needs at least one line.
 * @param err optional error details.
 * @return SC_OK; SC_EINVAL if out or chart is NULL; SC_EDATA if the chart has no line;
 *         SC_ENOMEM.
 */
SC_API int sc_chart_write_buffer(char **out, size_t *size, const sc_chart *chart,
                                 sc_error *err);

/**
 * Writes the chart as an SVG 1.1 file. The document goes to a new temporary file in the same
 * directory ("PATH.tmp-PID-N", created with mode 0666 less the umask), is flushed to disk and
 * renamed over path only when complete, so a failure never leaves a partial file and never
 * harms an existing file at path. The temporary file is removed on failure.
 * @param chart the chart (unchanged). It needs at least one line.
 * @param path the file to write; replaced if it is a regular file. Anything else at path (a
 *        device, FIFO, directory or symbolic link) is left alone and is an error (SC_EIO with
 *        sys_errno EINVAL): renaming over it would replace it with a plain file.
 * @param err optional; on SC_EIO, source is the path and sys_errno the errno.
 * @return SC_OK; SC_EINVAL if chart or path is NULL or path is ""; SC_EDATA if the chart has no
 *         line; SC_EIO if path is not a regular file, or the file cannot be created, written,
 *         flushed or renamed (e.g. the directory does not exist); SC_ENOMEM.
 */
SC_API int sc_chart_write_path(const sc_chart *chart, const char *path, sc_error *err);

#ifdef __cplusplus
}
#endif

#endif /* STALKCASE_CHART_H */
