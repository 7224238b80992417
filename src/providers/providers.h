/*
 * providers.h - the providers of the table in provider.c, each defined in
 * its own file in this directory.
 */
#ifndef ECHODDNS_PROVIDERS_H
#define ECHODDNS_PROVIDERS_H

#include "../provider.h"

extern const struct provider alidns_provider;
extern const struct provider dnspod_provider;
extern const struct provider cloudflare_provider;
extern const struct provider huaweicloud_provider;
extern const struct provider dyndns2_provider;

#endif
