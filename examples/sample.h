/*
 * sample.h - the bundled sample data, compiled into the stalkcase command.
 *
 * examples/sample.c is generated at build time by build-aux/embed.sh from
 * examples/data/mps-ward-sample.csv (a small synthetic file in the Met ward-level layout; see
 * examples/data/README.md). It is read with sc_mps_read_buffer when no FILE is given.
 */
#ifndef STALKCASE_EXAMPLES_SAMPLE_H
#define STALKCASE_EXAMPLES_SAMPLE_H

#include <stddef.h>

/** The bytes of examples/data/mps-ward-sample.csv, followed by one extra NUL (not counted). */
extern const unsigned char sc_sample_csv[];
/** The number of bytes of the file in sc_sample_csv (without the extra NUL). */
extern const size_t sc_sample_csv_size;

#endif /* STALKCASE_EXAMPLES_SAMPLE_H */
