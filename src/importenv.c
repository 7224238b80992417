/*
 * importenv.c - `echoddns import-env`. The Python EchoDDNS read these
 * variables (its README and docker-compose.yml):
 *
 *   ACCESSKEY_ID, ACCESSKEY_SECRET   the Alibaba Cloud AccessKey
 *   DOMAIN_NAME                      the zone
 *   A_DOMAIN                         the HA name
 *   DDNS1_DOMAIN, DDNS2_DOMAIN, ...  the lines' own DDNS names (sources)
 *   A_RecordId1, A_RecordId2, ...    the HA name's record IDs (pinned)
 *   DOMAIN_TTL                       TTL of the HA records, default 600
 *   QUERY_MODE=SDK|DNS, QUERY_DNS    read the sources through the API
 *                                    (the default), or from DNS servers
 *   SERVICE_LOCATION                 API region: Alidns needs none
 *
 * Names were taken relative to DOMAIN_NAME unless they ended in it, so
 * "dns1" and "dns1.example.com" both mean dns1.example.com. It read the
 * sources from the zone through the API: resolver = api does the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "exitcode.h"
#include "importenv.h"
#include "log.h"
#include "util.h"

#define TTL_DEFAULT	"600"
#define QUERY_DNS_DEFAULT	"223.5.5.5,223.6.6.6"

struct env {
	const char	*key_id;
	const char	*zone;
	const char	*name;
	const char	*ttl;
	const char	*sources[IMPORTENV_MAX];
	size_t		 nsources;
	const char	*records[IMPORTENV_MAX];
	size_t		 nrecords;
	int		 dns_mode;	/* QUERY_MODE=DNS */
	const char	*servers;	/* QUERY_DNS */
	int		 bad;		/* problems reported */
};

static int
is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

/* A set, non-empty variable, or NULL after saying why when required. */
static const char *
get(struct env *e, const char *var, int required)
{
	const char *v = getenv(var);

	if (v != NULL && *v != '\0')
		return v;
	if (required) {
		log_err("import-env: %s is not set", var);
		e->bad++;
	}
	return NULL;
}

/* A DNS name (letters, digits, '-', '_', '.'), or NULL after saying why. */
static const char *
get_name(struct env *e, const char *var, int required)
{
	const char *v, *p;

	if ((v = get(e, var, required)) == NULL)
		return NULL;
	for (p = v; *p != '\0'; p++)
		if (!is_name_char((unsigned char)*p))
			break;
	if (*p != '\0' || *v == '.' || strstr(v, "..") != NULL) {
		log_err("import-env: %s: '%s' is not a domain name", var, v);
		e->bad++;
		return NULL;
	}
	return v;
}

/* Write v as a name inside the zone, the way the Python read it. */
static void
put_name(FILE *out, const char *v, const char *zone)
{
	size_t vl = strlen(v), zl = strlen(zone);

	if (vl > 0 && v[vl - 1] == '.')
		vl--;
	if (zl > 0 && zone[zl - 1] == '.')
		zl--;
	/* The zone itself, or a name that already ends in ".zone". */
	if ((vl == zl && strncasecmp(v, zone, zl) == 0) ||
	    (vl > zl + 1 && v[vl - zl - 1] == '.' &&
	    strncasecmp(v + vl - zl, zone, zl) == 0))
		fprintf(out, "%.*s", (int)vl, v);
	else
		fprintf(out, "%.*s.%.*s", (int)vl, v, (int)zl, zone);
}

/* QUERY_DNS: addresses separated by commas (or spaces). */
static void
check_servers(struct env *e, const char *list)
{
	char buf[ADDR_STRLEN + 1];
	struct addr a;
	const char *p = list;
	size_t n, count = 0;

	while (*p != '\0') {
		n = strcspn(p, ", ");
		if (n > 0) {
			count++;
			if (n >= sizeof(buf) || (memcpy(buf, p, n),
			    buf[n] = '\0', !addr_parse(&a, buf))) {
				log_err("import-env: QUERY_DNS: '%.*s' is not "
				    "an IP address", (int)n, p);
				e->bad++;
			}
		}
		p += n;
		p += strspn(p, ", ");
	}
	if (count == 0) {
		log_err("import-env: QUERY_DNS lists no DNS server");
		e->bad++;
	}
}

static void
read_env(struct env *e)
{
	char var[32];
	const char *v, *mode;
	size_t i, nset = 0;

	memset(e, 0, sizeof(*e));
	if ((e->key_id = get(e, "ACCESSKEY_ID", 1)) != NULL)
		for (v = e->key_id; *v != '\0'; v++)
			if (!is_name_char((unsigned char)*v)) {
				log_err("import-env: ACCESSKEY_ID: '%s' is not "
				    "an AccessKey ID (letters, digits, '.', "
				    "'-', '_')", e->key_id);
				e->bad++;
				break;
			}
	/* Only whether it is there: its value is never read here. */
	(void)get(e, "ACCESSKEY_SECRET", 1);
	e->zone = get_name(e, "DOMAIN_NAME", 1);
	e->name = get_name(e, "A_DOMAIN", 1);
	for (i = 1; i <= IMPORTENV_MAX; i++) {
		snprintf(var, sizeof(var), "DDNS%zu_DOMAIN", i);
		if (get(e, var, 0) != NULL)
			nset++;
		if ((v = get_name(e, var, 0)) != NULL)
			e->sources[e->nsources++] = v;
		snprintf(var, sizeof(var), "A_RecordId%zu", i);
		if ((v = get(e, var, 0)) != NULL) {
			if (!str_digits(v)) {
				log_err("import-env: %s: '%s' is not a record "
				    "ID", var, v);
				e->bad++;
			} else
				e->records[e->nrecords++] = v;
		}
	}
	if (nset == 0) {
		log_err("import-env: DDNS1_DOMAIN is not set (the lines' own "
		    "DDNS names: DDNS1_DOMAIN, DDNS2_DOMAIN, ...)");
		e->bad++;
	}
	e->ttl = TTL_DEFAULT;
	if ((v = get(e, "DOMAIN_TTL", 0)) != NULL) {
		if (!str_digits(v) || strlen(v) > 5 || atoi(v) < 1 ||
		    atoi(v) > 86400) {
			log_err("import-env: DOMAIN_TTL: '%s' is not a TTL in "
			    "seconds (1 to 86400)", v);
			e->bad++;
		} else
			e->ttl = v;
	}
	mode = get(e, "QUERY_MODE", 0);
	if (mode != NULL && str_ieq(mode, "DNS")) {
		e->dns_mode = 1;
		if ((e->servers = get(e, "QUERY_DNS", 0)) == NULL)
			e->servers = QUERY_DNS_DEFAULT;
		check_servers(e, e->servers);
	} else if (mode != NULL && !str_ieq(mode, "SDK")) {
		log_err("import-env: QUERY_MODE: '%s' is not SDK or DNS", mode);
		e->bad++;
	}
	if (e->bad == 0 && e->nrecords > 0 && e->nrecords < e->nsources)
		log_warn("import-env: %zu record IDs for %zu sources: a sync "
		    "that finds more addresses than pinned records fails "
		    "(exit 65); add A_RecordId%zu or leave out every "
		    "A_RecordId to let echoddns add records", e->nrecords,
		    e->nsources, e->nrecords + 1);
}

static void
write_ini(FILE *out, const struct env *e)
{
	const char *v;
	size_t i;

	fprintf(out,
	    "; echoddns.ini made by `echoddns import-env` from the environment\n"
	    "; of the Python EchoDDNS (its docker-compose variables). The secret\n"
	    "; is not in this file: each run reads it from $ACCESSKEY_SECRET.\n");
	if (getenv("SERVICE_LOCATION") != NULL)
		fprintf(out, "; SERVICE_LOCATION is not needed: the Alidns API "
		    "has one endpoint for every region.\n");
	fprintf(out, "\n[account aliyun]\n"
	    "provider = alidns\n"
	    "access_key_id = %s\n"
	    "access_key_secret_env = ACCESSKEY_SECRET\n", e->key_id);
	fprintf(out, "\n[group ha]\n"
	    "account = aliyun\n"
	    "zone = ");
	put_name(out, e->zone, e->zone);
	fprintf(out, "\nname = ");
	put_name(out, e->name, e->zone);
	fprintf(out, "\nsources =");
	for (i = 0; i < e->nsources; i++) {
		fputc(' ', out);
		put_name(out, e->sources[i], e->zone);
	}
	fprintf(out, "\ntype = A\nttl = %s\n", e->ttl);
	if (e->nrecords > 0) {
		fprintf(out, "records =");
		for (i = 0; i < e->nrecords; i++)
			fprintf(out, " %s", e->records[i]);
		fputc('\n', out);
	}
	if (e->dns_mode) {
		fprintf(out, "resolver =");
		for (v = e->servers; *v != '\0'; ) {
			i = strcspn(v, ", ");
			if (i > 0)
				fprintf(out, " %.*s", (int)i, v);
			v += i;
			v += strspn(v, ", ");
		}
		fputc('\n', out);
	} else
		fprintf(out, "; QUERY_MODE=SDK: the sources' records are read "
		    "through the API.\nresolver = api\n");
}

int
importenv_write(FILE *out)
{
	struct env e;

	read_env(&e);
	if (e.bad > 0)
		return EX_CONFIG;
	write_ini(out, &e);
	if (fflush(out) == EOF || ferror(out)) {
		log_err("import-env: cannot write the configuration");
		return EX_TEMPFAIL;
	}
	return 0;
}
