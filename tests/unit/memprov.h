/*
 * memprov.h - an in-memory DNS provider for the engine's unit tests, one
 * per model (provider.h). It keeps records like a real service, refuses
 * what the real ones refuse (a duplicate value, a write that changes
 * nothing is counted as a defect), counts calls, and fails on request:
 * the Nth write, or every call with throttling. One provider at a time:
 * its state is the global mem. Include it after <cmocka.h>.
 */
#ifndef ECHODDNS_MEMPROV_H
#define ECHODDNS_MEMPROV_H

#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "exitcode.h"
#include "provider.h"

#define MEM_MAXREC	64

struct mem_rec {
	char	id[24];
	char	rr[64];
	int	family;
	char	value[ADDR_STRLEN];
	long	ttl;
	int	enabled;
	int	locked;
};

struct mem {
	struct mem_rec	recs[MEM_MAXREC];
	size_t		n;
	unsigned long	next_id;
	size_t		page;		/* zone listing: records a page */
	/* counted */
	unsigned	opens;		/* sessions opened */
	unsigned	lists;		/* listing calls (pages) */
	unsigned	writes;		/* write calls, failed ones too */
	unsigned	defects;	/* duplicate, no-op, empty set, nochg */
	char		defect[256];	/* the first one, for messages */
	/* faults */
	unsigned	fail_write;	/* the Nth write fails (1-based), 0 none */
	int		fail_status;	/* ... with this status */
	int		throttle;	/* every call fails, throttled */
	int		throttled;	/* the last failure was throttling */
	int		abuse;		/* every write is refused: blocked
					   for abuse (an hour, EX_NOPERM) */
	int		abused;		/* the last failure was that */
	/* single address */
	char		published[ADDR_STRLEN];
};

static struct mem mem;

struct pctx {
	int	unused;
};

static void
mem_reset(void)
{
	memset(&mem, 0, sizeof(mem));
	mem.next_id = 1000;
	mem.page = 100;
}

static void
mem_defect(const char *what)
{
	if (mem.defects++ == 0)
		snprintf(mem.defect, sizeof(mem.defect), "%s", what);
}

/* Add a record to the service, as a test's starting point. */
static struct mem_rec *
mem_put(const char *rr, const char *value, int enabled)
{
	struct mem_rec *r = &mem.recs[mem.n++];
	struct addr a;

	assert_true(mem.n <= MEM_MAXREC);
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%lu", mem.next_id++);
	snprintf(r->rr, sizeof(r->rr), "%s", rr);
	snprintf(r->value, sizeof(r->value), "%s", value);
	assert_true(addr_parse(&a, value));
	r->family = a.family;
	r->ttl = 600;
	r->enabled = enabled;
	return r;
}

static void
mem_del(size_t i)
{
	memmove(&mem.recs[i], &mem.recs[i + 1], (mem.n - i - 1) *
	    sizeof(mem.recs[0]));
	mem.n--;
}

static struct mem_rec *
mem_find(const char *id)
{
	size_t i;

	for (i = 0; i < mem.n; i++)
		if (strcmp(mem.recs[i].id, id) == 0)
			return &mem.recs[i];
	return NULL;
}

/* Another record of rr (not skip) holds value: the services refuse it. */
static int
mem_holds(const char *rr, int family, const char *value,
    const struct mem_rec *skip)
{
	size_t i;

	for (i = 0; i < mem.n; i++)
		if (&mem.recs[i] != skip && strcmp(mem.recs[i].rr, rr) == 0 &&
		    mem.recs[i].family == family &&
		    strcmp(mem.recs[i].value, value) == 0)
			return 1;
	return 0;
}

/* Every call passes here; a write counts and may be the one to fail. */
static int
mem_call(int write)
{
	mem.throttled = mem.abused = 0;
	if (mem.throttle) {
		mem.throttled = 1;
		return EX_TEMPFAIL;
	}
	if (write && mem.abuse) {
		mem.writes++;
		mem.abused = 1;
		return EX_NOPERM;
	}
	if (write && ++mem.writes == mem.fail_write)
		return mem.fail_status != 0 ? mem.fail_status : EX_TEMPFAIL;
	return 0;
}

static struct pctx mem_ctx;

static struct pctx *
mem_open(const struct account *a)
{
	(void)a;
	mem.opens++;
	return &mem_ctx;
}

static void
mem_close(struct pctx *ctx)
{
	(void)ctx;
}

static int
mem_list(struct pctx *ctx, const struct target *t, size_t max_calls,
    struct recordset *out)
{
	struct record r;
	size_t i, n = 0, pages;
	int st;

	(void)ctx;
	if ((st = mem_call(0)) != 0)
		return st;
	for (i = 0; i < mem.n; i++)
		n += mem.recs[i].family == t->family;
	pages = t->fqdn != NULL || n == 0 ? 1 : (n + mem.page - 1) / mem.page;
	if (max_calls > 0 && pages > max_calls) {
		mem.lists++;
		return PROVIDER_TOO_MANY;
	}
	mem.lists += (unsigned)pages;
	for (i = 0; i < mem.n; i++) {
		const struct mem_rec *m = &mem.recs[i];

		if (m->family != t->family ||
		    (t->rr != NULL && strcmp(m->rr, t->rr) != 0))
			continue;
		memset(&r, 0, sizeof(r));
		r.id = (char *)m->id;
		r.rr = (char *)m->rr;
		r.type = (char *)addr_rrtype(m->family);
		r.value = (char *)m->value;
		assert_true(addr_parse(&r.addr, m->value));
		r.ttl = m->ttl;
		r.line = (char *)t->line;
		r.enabled = m->enabled;
		r.locked = m->locked;
		if (recordset_add(out, &r) == -1)
			return EX_SOFTWARE;
	}
	return 0;
}

static int
mem_update(struct pctx *ctx, const struct target *t, const struct record *r,
    const char *value, long ttl)
{
	struct mem_rec *m;
	int st;

	(void)ctx;
	if ((st = mem_call(1)) != 0)
		return st;
	assert_non_null(m = mem_find(r->id));
	if (strcmp(m->value, value) == 0 && m->ttl == ttl)
		mem_defect("an update that changes nothing");
	if (mem_holds(t->rr, t->family, value, m))
		mem_defect("an update that makes a duplicate");
	snprintf(m->value, sizeof(m->value), "%s", value);
	m->ttl = ttl;
	return 0;
}

static int
mem_add(struct pctx *ctx, const struct target *t, const char *value,
    long ttl, char **id)
{
	struct mem_rec *m;
	int st;

	(void)ctx;
	if ((st = mem_call(1)) != 0)
		return st;
	if (mem_holds(t->rr, t->family, value, NULL))
		mem_defect("an add that makes a duplicate");
	m = mem_put(t->rr, value, 1);
	m->ttl = ttl;
	return (*id = strdup(m->id)) == NULL ? EX_SOFTWARE : 0;
}

static int
mem_set_enabled(struct pctx *ctx, const struct target *t,
    const struct record *r, int enable)
{
	struct mem_rec *m;
	int st;

	(void)ctx;
	(void)t;
	if ((st = mem_call(1)) != 0)
		return st;
	assert_non_null(m = mem_find(r->id));
	if (m->enabled == enable)
		mem_defect("an enable or disable that changes nothing");
	m->enabled = enable;
	return 0;
}

static int
mem_remove(struct pctx *ctx, const struct target *t, const struct record *r)
{
	size_t i;
	int st;

	(void)ctx;
	(void)t;
	if ((st = mem_call(1)) != 0)
		return st;
	for (i = 0; i < mem.n; i++)
		if (strcmp(mem.recs[i].id, r->id) == 0) {
			mem_del(i);
			return 0;
		}
	mem_defect("a delete of a record that is not there");
	return 0;
}

static int
mem_replace(struct pctx *ctx, const struct target *t, const char *id,
    const char *const *values, size_t n, long ttl, char **new_id)
{
	char sid[24];
	size_t i;
	int st;

	(void)ctx;
	if ((st = mem_call(1)) != 0)
		return st;
	if (n == 0)
		mem_defect("a record set written empty");
	if (id == NULL) {
		for (i = 0; i < mem.n; i++)
			if (strcmp(mem.recs[i].rr, t->rr) == 0 &&
			    mem.recs[i].family == t->family)
				mem_defect("a second record set for a name");
		snprintf(sid, sizeof(sid), "set%lu", mem.next_id++);
		if ((*new_id = strdup(sid)) == NULL)
			return EX_SOFTWARE;
	} else
		snprintf(sid, sizeof(sid), "%s", id);
	for (i = mem.n; i > 0; i--)
		if (strcmp(mem.recs[i - 1].id, sid) == 0)
			mem_del(i - 1);
	for (i = 0; i < n; i++) {
		struct mem_rec *m = mem_put(t->rr, values[i], 1);

		snprintf(m->id, sizeof(m->id), "%s", sid);
		m->ttl = ttl;
	}
	return 0;
}

static int
mem_publish(struct pctx *ctx, const struct target *t, const char *value)
{
	int st;

	(void)ctx;
	(void)t;
	if ((st = mem_call(1)) != 0)
		return st;
	if (strcmp(mem.published, value) == 0)
		mem_defect("an update answered nochg");
	snprintf(mem.published, sizeof(mem.published), "%s", value);
	return 0;
}

static long
mem_hold_off(struct pctx *ctx, int *status)
{
	(void)ctx;
	if (mem.abused) {
		*status = EX_NOPERM;
		return 3600;
	}
	*status = EX_TEMPFAIL;
	return mem.throttled ? 120 : 0;
}

static const struct provider_key mem_keys[] = { { NULL, 0 } };

#define MEM_OPS								\
	.keys = mem_keys, .open = mem_open, .close = mem_close,		\
	.hold_off = mem_hold_off

static const struct provider mem_records = {
	.name = "mem-records", .model = MODEL_RECORDS,
	.caps = PCAP_DISABLE | PCAP_LINES | PCAP_ZONE_LIST | PCAP_PIN |
	    PCAP_TTL,
	.default_line = "default", MEM_OPS,
	.list = mem_list, .update = mem_update, .add = mem_add,
	.set_enabled = mem_set_enabled, .remove = mem_remove,
};

static const struct provider mem_nodisable = {
	.name = "mem-nodisable", .model = MODEL_RECORDS_NO_DISABLE,
	.caps = PCAP_ZONE_LIST | PCAP_PIN | PCAP_TTL, MEM_OPS,
	.list = mem_list, .update = mem_update, .add = mem_add,
	.remove = mem_remove,
};

static const struct provider mem_recordset = {
	.name = "mem-recordset", .model = MODEL_RECORDSET,
	.caps = PCAP_ZONE_LIST | PCAP_TTL, MEM_OPS,
	.list = mem_list, .replace = mem_replace,
};

static const struct provider mem_single = {
	.name = "mem-single", .model = MODEL_SINGLE,
	.min_interval = 60, MEM_OPS,
	.publish = mem_publish,
};

/* What the name lists now: enabled values of rr, sorted, joined by ','. */
static inline const char *
mem_listed(const char *rr, char *buf, size_t len)
{
	struct addr v[MEM_MAXREC];
	char a[ADDR_STRLEN];
	size_t i, j, n = 0, used = 0;

	for (i = 0; i < mem.n; i++)
		if (strcmp(mem.recs[i].rr, rr) == 0 && mem.recs[i].enabled)
			assert_true(addr_parse(&v[n++], mem.recs[i].value));
	for (i = 1; i < n; i++)		/* insertion sort: a handful */
		for (j = i; j > 0 && addr_cmp(&v[j - 1], &v[j]) > 0; j--) {
			struct addr t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	buf[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    i > 0 ? "," : "", addr_str(&v[i], a));
	return buf;
}

#endif
