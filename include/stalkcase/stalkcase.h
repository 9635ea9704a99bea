/*
 * stalkcase/stalkcase.h - libstalkcase: stalking and harassment reports, victims, cyber-element
 * evidence and statistics, with validated file formats and importers for public police data.
 *
 * Include this one header; it includes every module's header. Link with
 * `pkg-config --cflags --libs libstalkcase`.
 */
#ifndef STALKCASE_STALKCASE_H
#define STALKCASE_STALKCASE_H

#include <stalkcase/version.h>
#include <stalkcase/common.h>
#include <stalkcase/month.h>
#include <stalkcase/counts.h>
#include <stalkcase/mps.h>
#include <stalkcase/stats.h>
#include <stalkcase/breaks.h>
#include <stalkcase/series.h>
#include <stalkcase/population.h>
#include <stalkcase/chart.h>
#include <stalkcase/time.h>
#include <stalkcase/vocab.h>
#include <stalkcase/evidence.h>
#include <stalkcase/victim.h>
#include <stalkcase/report.h>
#include <stalkcase/casebook.h>
#include <stalkcase/xml.h>

#endif /* STALKCASE_STALKCASE_H */
