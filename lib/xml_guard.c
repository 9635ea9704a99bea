/*
 * xml_guard.c - the XML reader's scan ahead of libxml2: encoding check and attributes per start
 * tag (xml_guard.h).
 *
 * The scan follows the markup of XML 1.0 only as far as needed to know, for every '=', whether
 * it stands between attributes of a start tag: text, start and end tags (quoted values),
 * comments, CDATA sections, processing instructions (the XML declaration among them) and other
 * "<!" declarations. A document that breaks the grammar may put the scan out of step, but such a
 * document is refused by libxml2 anyway; the scan only has to agree with libxml2 on documents
 * libxml2 accepts. That needs the text decoded as libxml2 decodes it: one byte per character in
 * the 8-bit encodings whose ASCII range is ASCII (UTF-8, US-ASCII, ISO-8859-n, windows-125n: no
 * byte of a multi-byte UTF-8 character is below 0x80), or UTF-16 code units. Stateful or
 * EBCDIC-like encodings (UTF-7, ISO-2022, IBM037, ...) and multi-byte legacy encodings whose
 * second bytes can look like ASCII markup (Shift_JIS, Big5, ...) are refused.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sc_internal.h"
#include "xml_guard.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#define GUARD_SSE2 1 /* x86-64 always has it; elsewhere the plain loops below */
#endif

enum scan_state {
    S_TEXT,
    S_LT,        /* after '<' */
    S_STAG,      /* in a start tag, outside quotes */
    S_DQ,        /* in a start tag's "value" */
    S_SQ,        /* in a start tag's 'value' */
    S_ETAG,      /* in an end tag */
    S_PI,        /* in <? ... */
    S_PI_Q,      /* after '?' in a PI */
    S_BANG,      /* after "<!" */
    S_BANG_DASH, /* after "<!-" */
    S_DECL,      /* in <!X ... > (a DOCTYPE, which the reader refuses, or an error) */
    S_DECL_DQ,
    S_DECL_SQ,
    S_COMMENT,
    S_COMMENT_1, /* after '-' in a comment */
    S_COMMENT_2, /* after "--" in a comment */
    S_CDATA,     /* in <![ ... */
    S_CDATA_1,   /* after ']' */
    S_CDATA_2    /* after "]]" */
};

/* Takes one code unit c (markup characters are ASCII; any other unit is just "other"). Returns 1
 * when c is an '=' that puts the current start tag over the limit. */
static int step(sci_xml_guard *g, unsigned int c)
{
    for (;;) {
        switch ((enum scan_state)g->state) {
        case S_TEXT:
            if (c == '<')
                g->state = S_LT;
            return 0;
        case S_LT:
            if (c == '/') {
                g->state = S_ETAG;
            } else if (c == '?') {
                g->state = S_PI;
            } else if (c == '!') {
                g->state = S_BANG;
            } else {
                g->state = S_STAG;
                g->attrs = 0;
                continue; /* c belongs to the tag */
            }
            return 0;
        case S_STAG:
            if (c == '=') {
                if (++g->attrs > g->max_attrs)
                    return 1;
            } else if (c == '"') {
                g->state = S_DQ;
            } else if (c == '\'') {
                g->state = S_SQ;
            } else if (c == '>') {
                g->state = S_TEXT;
            } else if (c == '<') {
                g->state = S_LT; /* not well-formed: take up the next tag */
            }
            return 0;
        case S_DQ:
            if (c == '"')
                g->state = S_STAG;
            return 0;
        case S_SQ:
            if (c == '\'')
                g->state = S_STAG;
            return 0;
        case S_ETAG:
            if (c == '>')
                g->state = S_TEXT;
            return 0;
        case S_PI:
            if (c == '?')
                g->state = S_PI_Q;
            return 0;
        case S_PI_Q:
            g->state = c == '>' ? S_TEXT : c == '?' ? S_PI_Q : S_PI;
            return 0;
        case S_BANG:
            if (c == '-') {
                g->state = S_BANG_DASH;
                return 0;
            }
            if (c == '[') {
                g->state = S_CDATA;
                return 0;
            }
            g->state = S_DECL;
            continue;
        case S_BANG_DASH:
            if (c == '-') {
                g->state = S_COMMENT;
                return 0;
            }
            g->state = S_DECL;
            continue;
        case S_DECL:
            if (c == '"')
                g->state = S_DECL_DQ;
            else if (c == '\'')
                g->state = S_DECL_SQ;
            else if (c == '>')
                g->state = S_TEXT;
            return 0;
        case S_DECL_DQ:
            if (c == '"')
                g->state = S_DECL;
            return 0;
        case S_DECL_SQ:
            if (c == '\'')
                g->state = S_DECL;
            return 0;
        case S_COMMENT:
            if (c == '-')
                g->state = S_COMMENT_1;
            return 0;
        case S_COMMENT_1:
            g->state = c == '-' ? S_COMMENT_2 : S_COMMENT;
            return 0;
        case S_COMMENT_2:
            g->state = c == '>' ? S_TEXT : c == '-' ? S_COMMENT_2 : S_COMMENT;
            return 0;
        case S_CDATA:
            if (c == ']')
                g->state = S_CDATA_1;
            return 0;
        case S_CDATA_1:
            g->state = c == ']' ? S_CDATA_2 : S_CDATA;
            return 0;
        case S_CDATA_2:
            g->state = c == '>' ? S_TEXT : c == ']' ? S_CDATA_2 : S_CDATA;
            return 0;
        }
        return 0;
    }
}

/* Bytes that matter inside a start tag, outside quotes. */
static const unsigned char stag_stop[256] = {
    ['='] = 1, ['"'] = 1, ['\''] = 1, ['>'] = 1, ['<'] = 1,
};

/* The first c in [q, end), or NULL. Runs in markup are short, so no call to memchr. */
static const unsigned char *find(const unsigned char *q, const unsigned char *end, int c)
{
#ifdef GUARD_SSE2
    const __m128i cc = _mm_set1_epi8((char)c);
    for (; end - q >= 16; q += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        unsigned int m = (unsigned int)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cc));
        if (m)
            return q + __builtin_ctz(m);
    }
#endif
    for (; q < end; q++)
        if (*q == c)
            return q;
    return NULL;
}

/* The first byte of stag_stop in [q, end), or end. */
static const unsigned char *find_stag_stop(const unsigned char *q, const unsigned char *end)
{
#ifdef GUARD_SSE2
    const __m128i eq = _mm_set1_epi8('='), dq = _mm_set1_epi8('"'), sq = _mm_set1_epi8('\''),
                  gt = _mm_set1_epi8('>'), lt = _mm_set1_epi8('<');
    for (; end - q >= 16; q += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, eq), _mm_cmpeq_epi8(v, dq)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, sq),
                                                _mm_or_si128(_mm_cmpeq_epi8(v, gt),
                                                             _mm_cmpeq_epi8(v, lt))));
        unsigned int m = (unsigned int)_mm_movemask_epi8(hit);
        if (m)
            return q + __builtin_ctz(m);
    }
#endif
    while (q < end && !stag_stop[*q])
        q++;
    return q;
}

/* One byte per unit. Text, values, end tags and the like are crossed with find(), start tags
 * with find_stag_stop(); the rarer constructs go through step(). The usual path (text, a start
 * tag, its quoted values, an end tag) runs without returning to the dispatch. */
static size_t scan_bytes(sci_xml_guard *g, const unsigned char *p, size_t n)
{
    const unsigned char *q = p, *end = p + n;
    int st = g->state, c;
    unsigned int attrs = g->attrs;
    size_t ret = n;
    while (q < end) {
        switch ((enum scan_state)st) {
        case S_TEXT:
        text:
            q = find(q, end, '<');
            if (!q) {
                st = S_TEXT;
                goto out;
            }
            if (++q == end) {
                st = S_LT;
                goto out;
            }
            /* fall through */
        case S_LT:
            if (*q == '/') {
                q++;
                goto etag;
            }
            if (*q == '?' || *q == '!') {
                st = S_LT;
                break;
            }
            attrs = 0;
            /* fall through */
        case S_STAG:
        stag:
            q = find_stag_stop(q, end);
            if (q == end) {
                st = S_STAG;
                goto out;
            }
            /* Tests, not a switch: a jump table here mispredicts on every tag. */
            c = *q++;
            if (c == '>')
                goto text;
            if (c == '=') {
                if (++attrs > g->max_attrs) {
                    st = S_STAG;
                    ret = (size_t)(q - 1 - p);
                    goto out;
                }
                goto stag;
            }
            if (c == '"')
                goto dq;
            if (c == '\'')
                goto sq;
            st = S_LT; /* '<': not well-formed, take up the next tag */
            continue;
        case S_DQ:
        dq:
            q = find(q, end, '"');
            if (!q) {
                st = S_DQ;
                goto out;
            }
            q++;
            goto stag;
        case S_SQ:
        sq:
            q = find(q, end, '\'');
            if (!q) {
                st = S_SQ;
                goto out;
            }
            q++;
            goto stag;
        case S_ETAG:
        etag:
            q = find(q, end, '>');
            if (!q) {
                st = S_ETAG;
                goto out;
            }
            q++;
            goto text;
        case S_PI:
            q = find(q, end, '?');
            if (!q)
                goto out;
            q++;
            st = S_PI_Q;
            continue;
        case S_COMMENT:
            q = find(q, end, '-');
            if (!q)
                goto out;
            q++;
            st = S_COMMENT_1;
            continue;
        case S_CDATA:
            q = find(q, end, ']');
            if (!q)
                goto out;
            q++;
            st = S_CDATA_1;
            continue;
        default:
            break;
        }
        /* Everything else, one byte at a time. */
        g->state = st;
        g->attrs = attrs;
        if (step(g, *q))
            return (size_t)(q - p);
        st = g->state;
        attrs = g->attrs;
        q++;
    }
out:
    g->state = st;
    g->attrs = attrs;
    return ret;
}

size_t sci_xml_guard_scan(sci_xml_guard *g, const unsigned char *p, size_t n)
{
    if (g->unit == 1)
        return scan_bytes(g, p, n);
    size_t i = 0;
    if (g->have_odd && n > 0) {
        unsigned int u = g->big_endian ? (unsigned)g->odd << 8 | p[0]
                                       : g->odd | (unsigned)p[0] << 8;
        g->have_odd = 0;
        i = 1;
        if (step(g, u))
            return 0;
    }
    for (; i + 1 < n; i += 2) {
        unsigned int u = g->big_endian ? (unsigned)p[i] << 8 | p[i + 1]
                                       : p[i] | (unsigned)p[i + 1] << 8;
        if (step(g, u))
            return i;
    }
    if (i < n) {
        g->have_odd = 1;
        g->odd = p[i];
    }
    return n;
}

/* ---------------------------------------------------------------------- the encoding */

enum family {
    F_8BIT,    /* no byte-order mark, ASCII-compatible as far as can be seen */
    F_UTF8_BOM,
    F_BOM_LE,  /* FF FE */
    F_BOM_BE,  /* FE FF */
    F_BARE_LE, /* UTF-16LE without a byte-order mark */
    F_BARE_BE
};

static int is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Line and column (1-based, in characters) of position i of the ASCII view d. */
static void locate(const char *d, size_t i, unsigned long *line, unsigned long *col)
{
    unsigned long l = 1, c = 1;
    for (size_t k = 0; k < i; k++) {
        if (d[k] == '\n' || (d[k] == '\r' && d[k + 1] != '\n')) {
            l++;
            c = 1;
        } else if (d[k] != '\r') {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* The encoding name upper-cased without '-', '_' and spaces, for comparisons ("" if longer
 * than fits). */
static void normalise(char *out, size_t size, const char *name, size_t len)
{
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (c == '-' || c == '_' || c == ' ')
            continue;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (k + 1 >= size) {
            out[0] = '\0';
            return;
        }
        out[k++] = c;
    }
    out[k] = '\0';
}

/* "PREFIX" followed by a decimal number in [lo, hi]. */
static int numbered(const char *s, const char *prefix, int lo, int hi)
{
    size_t n = strlen(prefix);
    if (strncmp(s, prefix, n) != 0)
        return 0;
    s += n;
    if (*s < '1' || *s > '9' || strlen(s) > 4)
        return 0;
    int v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (*s - '0');
    }
    return v >= lo && v <= hi;
}

/* The 8-bit encodings the scan can follow (see the top of this file). "UTF16" is let through:
 * libxml2 refuses an 8-bit text so labelled, without switching decoders. */
static int known_8bit(const char *norm)
{
    static const char *const names[] = { "UTF8", "USASCII", "ASCII", "UTF16" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(norm, names[i]) == 0)
            return 1;
    return numbered(norm, "ISO8859", 1, 16) || numbered(norm, "LATIN", 1, 10) ||
           numbered(norm, "ISOLATIN", 1, 10) || numbered(norm, "WINDOWS", 1250, 1258) ||
           numbered(norm, "CP", 1250, 1258);
}

/* Shows an encoding name from the file in a message: printable ASCII, at most 40 characters. */
static void shown(char *out, size_t size, const char *name, size_t len)
{
    size_t k = 0;
    for (size_t i = 0; i < len && k + 4 < size && i < 40; i++)
        out[k++] = (name[i] >= 0x20 && name[i] < 0x7f) ? name[i] : '?';
    if (len > 40 && k + 4 < size) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

static const char *family_name(enum family f)
{
    switch (f) {
    case F_UTF8_BOM: return "UTF-8";
    case F_BOM_LE:
    case F_BARE_LE: return "UTF-16LE";
    case F_BOM_BE:
    case F_BARE_BE: return "UTF-16BE";
    case F_8BIT: break;
    }
    return "8-bit";
}

static int refuse(sci_xml_guard_error *e, int code, unsigned long line, unsigned long col,
                  const char *fmt, ...) SCI_PRINTF(5, 6);
static int refuse(sci_xml_guard_error *e, int code, unsigned long line, unsigned long col,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    e->code = code;
    e->line = line;
    e->column = col;
    return -1;
}

int sci_xml_guard_start(sci_xml_guard *g, const unsigned char *head, size_t n,
                        unsigned int max_attrs, sci_xml_guard_error *e)
{
    memset(g, 0, sizeof *g);
    g->unit = 1;
    g->max_attrs = max_attrs;
    g->state = S_TEXT;

    /* The family, from the first bytes (XML 1.0 appendix F). */
    enum family fam = F_8BIT;
    size_t skip = 0;
    if (n >= 4 && ((head[0] == 0 && head[1] == 0) || (head[2] == 0 && head[3] == 0 &&
                                                       (head[0] == 0x3c || head[1] == 0x3c ||
                                                        (head[0] == 0xff && head[1] == 0xfe)))))
        return refuse(e, SC_EPARSE, 1, 1, "UCS-4 (UTF-32) text is not supported");
    if (n >= 4 && head[0] == 0x4c && head[1] == 0x6f && head[2] == 0xa7 && head[3] == 0x94)
        return refuse(e, SC_EPARSE, 1, 1, "EBCDIC text is not supported");
    if (n >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf) {
        fam = F_UTF8_BOM;
        skip = 3;
    } else if (n >= 2 && head[0] == 0xff && head[1] == 0xfe) {
        fam = F_BOM_LE;
        skip = 2;
    } else if (n >= 2 && head[0] == 0xfe && head[1] == 0xff) {
        fam = F_BOM_BE;
        skip = 2;
    } else if (n >= 4 && head[1] == 0 && head[3] == 0 && head[0] != 0 && head[0] < 0x80 &&
               head[2] != 0 && head[2] < 0x80) {
        fam = F_BARE_LE;
    } else if (n >= 4 && head[0] == 0 && head[2] == 0 && head[1] != 0 && head[1] < 0x80 &&
               head[3] != 0 && head[3] < 0x80) {
        fam = F_BARE_BE;
    }
    int wide = fam == F_BOM_LE || fam == F_BOM_BE || fam == F_BARE_LE || fam == F_BARE_BE;
    int be = fam == F_BOM_BE || fam == F_BARE_BE;

    /* An ASCII view of the start (other characters as 0x7f), for the declaration. */
    char d[SCI_XML_GUARD_HEAD + 1];
    size_t len = 0;
    for (size_t i = skip; len < SCI_XML_GUARD_HEAD && i + (wide ? 1 : 0) < n;
         i += wide ? 2 : 1) {
        unsigned int u = wide ? (be ? (unsigned)head[i] << 8 | head[i + 1]
                                    : head[i] | (unsigned)head[i + 1] << 8)
                              : head[i];
        d[len++] = (char)(u < 0x80 ? u : 0x7f);
    }
    d[len] = '\0';

    /* The XML declaration's pseudo-attributes, read leniently: a malformed declaration is
     * libxml2's to refuse; only an encoding name matters here. */
    int has_decl = len >= 6 && memcmp(d, "<?xml", 5) == 0 && is_ws(d[5]);
    const char *enc = NULL;
    size_t enc_len = 0, end = 0; /* end: just past the last value read */
    if (has_decl) {
        size_t i = 5;
        for (;;) {
            while (i < len && is_ws(d[i]))
                i++;
            if (i + 1 < len && d[i] == '?' && d[i + 1] == '>')
                break;
            size_t name = i;
            while (i < len && ((d[i] >= 'a' && d[i] <= 'z') || (d[i] >= 'A' && d[i] <= 'Z')))
                i++;
            size_t name_len = i - name;
            while (i < len && is_ws(d[i]))
                i++;
            if (i < len && d[i] == '=') {
                i++;
                while (i < len && is_ws(d[i]))
                    i++;
                if (i < len && (d[i] == '"' || d[i] == '\'')) {
                    char q = d[i++];
                    size_t v = i;
                    while (i < len && d[i] != q && d[i] != '\x7f' && d[i] != '<')
                        i++;
                    if (i < len && d[i] == q) {
                        if (name_len == 8 && memcmp(d + name, "encoding", 8) == 0) {
                            enc = d + v;
                            enc_len = i - v;
                        }
                        end = ++i;
                        continue;
                    }
                }
            }
            if (i >= len && n >= SCI_XML_GUARD_HEAD)
                return refuse(e, SC_ELIMIT, 1, 1,
                              "the XML declaration does not end within its first %u bytes",
                              SCI_XML_GUARD_HEAD);
            break; /* malformed, or the text ends: libxml2 reports it */
        }
    }
    unsigned long line = 1, col = 1;
    if (has_decl && end > 0)
        locate(d, end, &line, &col);
    char norm[48], show[48];
    norm[0] = show[0] = '\0';
    if (enc) {
        normalise(norm, sizeof norm, enc, enc_len);
        shown(show, sizeof show, enc, enc_len);
    }

    switch (fam) {
    case F_8BIT:
        if (enc && !known_8bit(norm))
            return refuse(e, SC_EPARSE, line, col,
                          "encoding \"%s\" is not supported (only UTF-8, UTF-16, US-ASCII, "
                          "ISO-8859-1 to -16 and windows-1250 to -1258)",
                          show);
        break;
    case F_UTF8_BOM:
        if (enc && strcmp(norm, "UTF8") != 0)
            return refuse(e, SC_EPARSE, line, col,
                          "mislabelled encoding: the byte-order mark says UTF-8, the "
                          "declaration \"%s\"",
                          show);
        break;
    case F_BOM_LE:
    case F_BOM_BE:
        if (enc && strcmp(norm, "UTF16") != 0 && strcmp(norm, be ? "UTF16BE" : "UTF16LE") != 0)
            return refuse(e, SC_EPARSE, line, col,
                          "mislabelled encoding: the byte-order mark says %s, the "
                          "declaration \"%s\"",
                          family_name(fam), show);
        break;
    case F_BARE_LE:
    case F_BARE_BE:
        if (!has_decl)
            return refuse(e, SC_EPARSE, 1, 1,
                          "mislabelled encoding: %s text without a byte-order mark or an XML "
                          "declaration",
                          family_name(fam));
        if (!enc)
            return refuse(e, SC_EPARSE, line, col,
                          "mislabelled encoding: %s text without a byte-order mark, and its XML "
                          "declaration names no encoding (so UTF-8)",
                          family_name(fam));
        if (strcmp(norm, "UTF16") != 0 && strcmp(norm, be ? "UTF16BE" : "UTF16LE") != 0)
            return refuse(e, SC_EPARSE, line, col,
                          "mislabelled encoding: %s text without a byte-order mark, declared "
                          "as \"%s\"",
                          family_name(fam), show);
        break;
    }
    if (wide) {
        g->unit = 2;
        g->big_endian = be;
    }
    return 0;
}
