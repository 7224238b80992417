/*
 * test_sync.c - the engine (sync_run) against an in-memory provider of
 * each model (memprov.h), from a table of scenarios: each is a few runs,
 * with what the sources resolve to, which lines fail their health check
 * and which faults the provider shows, and what the name must list after
 * each run, the exit status and the writes made. After every run the
 * provider is checked for the engine's promises: no duplicate value, no
 * write that changes nothing, no empty record set, no nochg update.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "exitcode.h"
#include "health.h"
#include "log.h"
#include "memprov.h"
#include "report.h"
#include "resolve.h"
#include "sync.h"
#include "testutil.h"
#include "util.h"

#define NSRC	3
#define NSTEP	6
#define T0	1700000000
#define SKIP	(-1)
#define CHANGED1 100	/* status1: the single model changed (0) */

/* Which models a scenario applies to. */
#define M_REC	0x1
#define M_NODIS	0x2
#define M_SET	0x4
#define M_ONE	0x8
#define M_ALL	(M_REC | M_NODIS | M_SET | M_ONE)
#define M_MANY	(M_REC | M_NODIS | M_SET)

/*
 * One run. Sources answer "addr[,addr]" or "fail"; the group has as many
 * sources as there are answers.
 */
struct step {
	const char	*src[NSRC];
	const char	*down;		/* addresses whose check fails */
	unsigned	 fail_write;	/* the Nth write fails */
	int		 throttle;	/* the provider throttles every call */
	int		 abuse;		/* ... blocks every write for abuse */
	const char	*set1;		/* single: someone else sets the name
					   to this before the run */
	int		 force;
	int		 dry;
	long		 later;		/* seconds after the previous run */
	int		 status;	/* the exit status wanted */
	int		 status1;	/* ... for the single model, if not 0
					   (CHANGED1 stands for 0) */
	const char	*want;		/* what the name lists after */
	const char	*want1;		/* ... for the single model */
	int		 writes;	/* write calls of the run, or SKIP */
	int		 writes_set;	/* ... record set model, or SKIP */
	int		 writes1;	/* ... single model, or SKIP */
	int		 no_read;	/* 1: no listing call at all, and no
					   session opened (no HTTP set up) */
};

struct scenario {
	const char	*name;
	unsigned	 models;
	int		 family;
	const char	*start;		/* records of the name at the start */
	const char	*start_off;	/* ... disabled ones */
	const char	*published;	/* single model: what the name holds */
	const char	*pinned;	/* records model: pin the start records */
	int		 checks;	/* health checks on */
	struct step	 steps[NSTEP];
};

#define A1	"198.51.100.1"
#define A2	"198.51.100.2"
#define A3	"198.51.100.3"
#define B2	"203.0.113.2"
#define X9	"192.0.2.9"

/* One run's expectations, as a step. */
#define RUN(...)	{ __VA_ARGS__ }

static const struct scenario scenarios[] = {
	{ "an empty name is filled", M_ALL, AF_INET, "", NULL, NULL, NULL, 0, {
	    RUN(.src = { A1, A2, A3 }, .status = 0, .want = A1 "," A2 "," A3,
		.want1 = A1, .writes = 3, .writes_set = 1, .writes1 = 1),
	    RUN(.src = { A1, A2, A3 }, .later = 60, .status = 2,
		.want = A1 "," A2 "," A3, .want1 = A1, .writes = 0,
		.writes_set = 0, .writes1 = 0, .no_read = 1),
	} },
	{ "a line redials", M_ALL, AF_INET, A1 "," A2 "," A3, NULL, A1, NULL,
	    0, {
	    RUN(.src = { A1, A2, A3 }, .status = 2, .want = A1 "," A2 "," A3,
		.want1 = A1, .writes = 0, .writes_set = 0, .writes1 = 0),
	    RUN(.src = { A1, B2, A3 }, .later = 60, .status = 0, .status1 = 2,
		.want = A1 "," A3 "," B2, .want1 = A1, .writes = 1,
		.writes_set = 1, .writes1 = 0),
	} },
	{ "the preferred line redials", M_ALL, AF_INET, A1 "," A2, NULL, A1,
	    NULL, 0, {
	    RUN(.src = { B2, A2 }, .status = 0, .want = A2 "," B2,
		.want1 = B2, .writes = 1, .writes_set = 1, .writes1 = 1),
	} },
	{ "two lines swap addresses", M_ALL, AF_INET, A1 "," A2, NULL, A1,
	    NULL, 0, {
	    RUN(.src = { A2, A1 }, .status = 2, .status1 = CHANGED1,
		.want = A1 "," A2, .want1 = A2, .writes = 0, .writes_set = 0,
		.writes1 = 1),
	} },
	{ "a dead line leaves and comes back", M_ALL, AF_INET,
	    A1 "," A2 "," A3, NULL, A1, NULL, 1, {
	    RUN(.src = { A1, A2, A3 }, .down = A2, .status = 2,
		.want = A1 "," A2 "," A3, .want1 = A1, .writes = 0,
		.writes_set = 0, .writes1 = 0),
	    RUN(.src = { A1, A2, A3 }, .down = A2, .later = 60, .status = 0,
		.status1 = 2, .want = A1 "," A3, .want1 = A1, .writes = 1,
		.writes_set = 1, .writes1 = 0),
	    RUN(.src = { A1, A2, A3 }, .later = 60, .status = 0, .status1 = 2,
		.want = A1 "," A2 "," A3, .want1 = A1, .writes = 1,
		.writes_set = 1, .writes1 = 0),
	} },
	{ "the preferred line fails over and back", M_ALL, AF_INET,
	    A1 "," A2, NULL, A1, NULL, 1, {
	    RUN(.src = { A1, A2 }, .down = A1, .status = 2,
		.want = A1 "," A2, .want1 = A1, .writes = 0, .writes_set = 0,
		.writes1 = 0),
	    RUN(.src = { A1, A2 }, .down = A1, .later = 60, .status = 0,
		.want = A2, .want1 = A2, .writes = 1, .writes_set = 1,
		.writes1 = 1),
	    RUN(.src = { A1, A2 }, .later = 60, .status = 0,
		.want = A1 "," A2, .want1 = A1, .writes = 1, .writes_set = 1,
		.writes1 = 1),
	} },
	{ "every line dead: nothing changes", M_ALL, AF_INET, A1 "," A2, NULL,
	    A1, NULL, 1, {
	    RUN(.src = { A1, A2 }, .down = A1 "," A2, .status = 2,
		.want = A1 "," A2, .want1 = A1, .writes = 0, .writes_set = 0,
		.writes1 = 0),
	    RUN(.src = { A1, A2 }, .down = A1 "," A2, .later = 60,
		.status = EX_TEMPFAIL, .want = A1 "," A2, .want1 = A1,
		.writes = 0, .writes_set = 0, .writes1 = 0),
	} },
	{ "a failed source: spares are left alone", M_MANY, AF_INET,
	    A1 "," X9, NULL, NULL, NULL, 0, {
	    RUN(.src = { A1, "fail", A3 }, .status = EX_NOHOST,
		.want = X9 "," A1 "," A3, .writes = 1, .writes_set = 1),
	} },
	{ "after a failed source, the next run reads again", M_MANY, AF_INET,
	    A1 "," X9, NULL, NULL, NULL, 0, {
	    RUN(.src = { A1, "fail", A3 }, .status = EX_NOHOST,
		.want = X9 "," A1 "," A3, .writes = 1, .writes_set = 1),
	    RUN(.src = { A1, A3 }, .later = 60, .status = 0,
		.want = A1 "," A3, .writes = 1, .writes_set = 1),
	} },
	{ "a failed source stands in with its last addresses", M_ALL, AF_INET,
	    A1 "," A2, NULL, A1, NULL, 0, {
	    RUN(.src = { A1, A2 }, .status = 2, .want = A1 "," A2,
		.want1 = A1, .writes = 0, .writes_set = 0, .writes1 = 0),
	    RUN(.src = { A1, "fail", B2 }, .later = 60, .status = EX_NOHOST,
		.want = A1 "," A2 "," B2, .want1 = A1, .writes = 1,
		.writes_set = 1, .writes1 = 0),
	} },
	{ "every source failed: the name is never emptied", M_ALL, AF_INET,
	    A1 "," A2, NULL, A1, NULL, 0, {
	    RUN(.src = { "fail", "fail", "fail" }, .status = EX_NOHOST,
		.want = A1 "," A2, .want1 = A1, .writes = 0, .writes_set = 0,
		.writes1 = 0),
	} },
	{ "a spare takes a new address", M_ALL, AF_INET, A1 "," X9, NULL, X9,
	    NULL, 0, {
	    RUN(.src = { A1, A2 }, .status = 0, .want = A1 "," A2,
		.want1 = A1, .writes = 1, .writes_set = 1, .writes1 = 1),
	} },
	{ "a leftover record goes", M_ALL, AF_INET, A1 "," A2 "," X9, NULL, A1,
	    NULL, 0, {
	    RUN(.src = { A1, A2 }, .status = 0, .status1 = 2,
		.want = A1 "," A2, .want1 = A1, .writes = 1, .writes_set = 1,
		.writes1 = 0),
	} },
	{ "a disabled record comes back", M_REC, AF_INET, A1, A2, NULL, NULL,
	    0, {
	    RUN(.src = { A1, A2 }, .status = 0, .want = A1 "," A2,
		.writes = 1),
	} },
	{ "pinned records only", M_REC | M_NODIS, AF_INET, A1 "," X9, NULL,
	    NULL, "pin", 0, {
	    RUN(.src = { A1, A2 }, .status = 0, .want = A1 "," A2,
		.writes = 1),
	    RUN(.src = { A1, A2, A3 }, .later = 60, .status = EX_DATAERR,
		.want = A1 "," A2, .writes = 0),
	} },
	{ "AAAA", M_ALL, AF_INET6, "2001:db8::1,2001:db8::2", NULL,
	    "2001:db8::1", NULL, 0, {
	    RUN(.src = { "2001:db8::1", "2001:db8::3" }, .status = 0,
		.status1 = 2, .want = "2001:db8::1,2001:db8::3",
		.want1 = "2001:db8::1", .writes = 1, .writes_set = 1,
		.writes1 = 0),
	} },
	{ "throttled: held back, then --force", M_MANY, AF_INET, A1, NULL,
	    NULL, NULL, 0, {
	    RUN(.src = { A1, A2 }, .throttle = 1, .status = EX_TEMPFAIL,
		.want = A1, .writes = 0, .writes_set = 0),
	    RUN(.src = { A1, A2 }, .later = 60, .status = EX_TEMPFAIL,
		.want = A1, .writes = 0, .writes_set = 0, .no_read = 1),
	    RUN(.src = { A1, A2 }, .later = 1, .force = 1, .status = 0,
		.want = A1 "," A2, .writes = 1, .writes_set = 1),
	} },
	{ "a write fails midway; the next run converges", M_REC | M_NODIS,
	    AF_INET, X9, NULL, NULL, NULL, 0, {
	    RUN(.src = { A1, A2, A3 }, .fail_write = 2, .status = EX_TEMPFAIL,
		.want = A1, .writes = 2),
	    RUN(.src = { A1, A2, A3 }, .later = 60, .status = 0,
		.want = A1 "," A2 "," A3, .writes = 2),
	    RUN(.src = { A1, A2, A3 }, .later = 60, .status = 2,
		.want = A1 "," A2 "," A3, .writes = 0, .no_read = 1),
	} },
	{ "a failed write of a set or an address", M_SET | M_ONE, AF_INET, A1,
	    NULL, A1, NULL, 0, {
	    RUN(.src = { A2, A3 }, .fail_write = 1, .status = EX_TEMPFAIL,
		.want = A1, .want1 = A1, .writes_set = 1, .writes1 = 1),
	    RUN(.src = { A2, A3 }, .later = 60, .status = 0,
		.want = A2 "," A3, .want1 = A2, .writes_set = 1, .writes1 = 1),
	} },
	{ "dry run writes nothing", M_ALL, AF_INET, A1, NULL, A1, NULL, 0, {
	    RUN(.src = { A2, A3 }, .dry = 1, .status = 0, .want = A1,
		.want1 = A1, .writes = 0, .writes_set = 0, .writes1 = 0),
	} },
	{ "single: abuse, then an hour of silence", M_ONE, AF_INET, "", NULL,
	    A1, NULL, 0, {
	    RUN(.src = { A2, A3 }, .abuse = 1, .status = EX_NOPERM,
		.want1 = A1, .writes1 = 1),
	    RUN(.src = { A2, A3 }, .later = 60, .status = EX_NOPERM,
		.want1 = A1, .writes1 = 0),
	    RUN(.src = { A2, A3 }, .later = 3480, .status = EX_NOPERM,
		.want1 = A1, .writes1 = 0),
	    RUN(.src = { A2, A3 }, .later = 60, .status = 0, .want1 = A2,
		.writes1 = 1),
	} },
	{ "single: --force believes a lookup over the state file", M_ONE,
	    AF_INET, "", NULL, A1, NULL, 0, {
	    RUN(.src = { A1, A2 }, .status = 2, .want1 = A1, .writes1 = 0),
	    RUN(.src = { A1, A2 }, .set1 = X9, .later = 60, .status = 2,
		.want1 = X9, .writes1 = 0),
	    RUN(.src = { A1, A2 }, .force = 1, .later = 60, .status = 0,
		.want1 = A1, .writes1 = 1),
	    RUN(.src = { A1, A2 }, .set1 = X9, .later = 600, .status = 0,
		.want1 = A1, .writes1 = 1),
	} },
	{ "single: updates at least 60 s apart", M_ONE, AF_INET, "", NULL, A1,
	    NULL, 0, {
	    RUN(.src = { A2, A3 }, .status = 0, .want1 = A2, .writes1 = 1),
	    RUN(.src = { A3, A2 }, .later = 10, .status = EX_TEMPFAIL,
		.want1 = A2, .writes1 = 0),
	    RUN(.src = { A3, A2 }, .later = 60, .status = 0, .want1 = A3,
		.writes1 = 1),
	} },
};

/* ---- the world around the engine ---- */

static const struct step *cur_step;
static struct source srcs[NSRC] = {
	{ .host = "dns1.example.net" }, { .host = "dns2.example.net" },
	{ .host = "dns3.example.net" },
};
static struct account maccount = { .name = "mem" };
static struct group grp;
static struct config cfg;
static char statedir[64];

/* Parse "a,b" into res (the group's family only). */
static void
answer(struct source_result *res, const char *text, int family)
{
	char buf[256], *tok, *save = NULL;
	struct addr a;

	snprintf(res->via, sizeof(res->via), "system");
	if (strcmp(text, "fail") == 0) {
		res->status = EX_TEMPFAIL;
		snprintf(res->error, sizeof(res->error), "name server timeout");
		return;
	}
	snprintf(buf, sizeof(buf), "%s", text);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		assert_true(addr_parse(&a, tok));
		if (a.family != family)
			continue;
		assert_non_null(res->addrs = realloc(res->addrs,
		    (res->naddrs + 1) * sizeof(a)));
		res->addrs[res->naddrs++] = a;
	}
	if (res->naddrs == 0) {
		res->status = EX_NOHOST;
		snprintf(res->error, sizeof(res->error), "no address");
	}
}

/* The resolver seam: sources from the step; the name from the service. */
static int
fake_resolve(struct group *const *groups, size_t n,
    struct source_result *const *res)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < groups[i]->nsources; j++) {
			const char *host = groups[i]->sources[j].host;

			if (strcmp(host, grp.fqdn) == 0)
				answer(&res[i][j], mem.published[0] != '\0' ?
				    mem.published : "", grp.family);
			else
				answer(&res[i][j], cur_step->src[j] != NULL ?
				    cur_step->src[j] : "", grp.family);
		}
	return 0;
}

static int
fake_probe(struct probe *v, size_t n)
{
	char buf[ADDR_STRLEN];
	size_t i;

	for (i = 0; i < n; i++) {
		addr_str(&v[i].addr, buf);
		v[i].ok = cur_step->down == NULL ||
		    strstr(cur_step->down, buf) == NULL;
		v[i].port = v[i].ok ? v[i].ports[0] : 0;
		snprintf(v[i].error, sizeof(v[i].error), "%s", v[i].ok ? "" :
		    "connection refused");
	}
	return 0;
}

static const struct provider *
model_provider(unsigned m)
{
	switch (m) {
	case M_REC:
		return &mem_records;
	case M_NODIS:
		return &mem_nodisable;
	case M_SET:
		return &mem_recordset;
	default:
		return &mem_single;
	}
}

static void
set_up_world(const struct scenario *sc, unsigned model)
{
	static unsigned short port = 22;
	static char pinbuf[8][24], *pins[8];
	static size_t npins;
	char buf[256], *tok, *save = NULL;
	size_t i;

	mem_reset();
	memset(&grp, 0, sizeof(grp));
	maccount.provider = model_provider(model);
	grp.name = "home";
	grp.account = &maccount;
	grp.zone = "example.com";
	grp.fqdn = "a.dns.example.com";
	grp.rr = "a.dns";
	grp.sources = srcs;
	grp.nsources = NSRC;
	grp.family = sc->family;
	grp.line = model == M_REC ? "default" : NULL;
	grp.resolver = RESOLVE_SYSTEM;
	grp.spare = model == M_REC ? SPARE_DISABLE : SPARE_DELETE;
	grp.resolve_timeout = 5;
	grp.stale_after = 3600;
	grp.check_timeout = 2;
	grp.fail_after = 2;
	grp.recover_after = 1;
	grp.min_records = 1;
	grp.verify_every = 600;
	grp.failback = 1;
	if (sc->checks) {
		grp.check_ports[0] = port;
		grp.ncheck_ports = 1;
	}
	if (model == M_SET && sc->start[0] != '\0') {
		/* One set holds every value, enabled. */
		snprintf(buf, sizeof(buf), "%s", sc->start);
		for (tok = strtok_r(buf, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save))
			snprintf(mem_put(grp.rr, tok, 1)->id, 24, "set1");
	} else if (model != M_ONE) {
		npins = 0;
		snprintf(buf, sizeof(buf), "%s", sc->start);
		for (tok = strtok_r(buf, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save))
		{
			snprintf(pinbuf[npins], sizeof(pinbuf[npins]), "%s",
			    mem_put(grp.rr, tok, 1)->id);
			pins[npins] = pinbuf[npins];
			npins++;
		}
		if (sc->start_off != NULL)
			mem_put(grp.rr, sc->start_off, 0);
		if (sc->pinned != NULL) {
			grp.records = pins;
			grp.nrecords = npins;
		}
	}
	/* A record of another name is never touched. */
	if (model != M_ONE)
		mem_put("other", X9, 1);
	if (model == M_ONE && sc->published != NULL)
		snprintf(mem.published, sizeof(mem.published), "%s",
		    sc->published);
	memset(&cfg, 0, sizeof(cfg));
	cfg.state_dir = statedir;
	cfg.accounts = &maccount;
	cfg.naccounts = 1;
	cfg.groups = &grp;
	cfg.ngroups = 1;
	for (i = 0; i < NSRC; i++)
		srcs[i].server = NULL;
}

static void
run_scenario(const struct scenario *sc, unsigned model)
{
	struct sync_opts o;
	struct report *rep;
	const struct step *s;
	char got[512], label[256];
	const char *want;
	time_t now = T0;
	unsigned lists0, writes0, opens0;
	int st, i, wanted_writes, wanted_status;

	set_up_world(sc, model);
	for (i = 0; i < NSTEP && sc->steps[i].src[0] != NULL; i++) {
		s = cur_step = &sc->steps[i];
		snprintf(label, sizeof(label), "%s, %s, run %d", sc->name,
		    maccount.provider->name, i + 1);
		now += s->later;
		for (grp.nsources = 0; grp.nsources < NSRC &&
		    s->src[grp.nsources] != NULL; grp.nsources++)
			continue;
		mem.throttle = s->throttle;
		mem.abuse = s->abuse;
		if (model == M_ONE && s->set1 != NULL)
			snprintf(mem.published, sizeof(mem.published), "%s",
			    s->set1);
		mem.fail_write = s->fail_write != 0 ? mem.writes +
		    s->fail_write : 0;
		lists0 = mem.lists;
		opens0 = mem.opens;
		writes0 = mem.writes;
		memset(&o, 0, sizeof(o));
		o.command = REPORT_SYNC;
		o.dry_run = s->dry;
		o.force = s->force;
		o.now = now;
		o.resolve = fake_resolve;
		o.probe = fake_probe;
		rep = NULL;
		st = sync_run(&cfg, &o, &rep);
		assert_non_null(rep);
		report_free(rep);

		wanted_status = s->status;
		if (model == M_ONE && s->status1 != 0)
			wanted_status = s->status1 == CHANGED1 ? 0 : s->status1;
		if (st != wanted_status)
			fail_msg("%s: exit %d, wanted %d", label, st,
			    wanted_status);
		if (model == M_ONE) {
			want = s->want1;
			snprintf(got, sizeof(got), "%s", mem.published);
		} else {
			want = s->want;
			mem_listed(grp.rr, got, sizeof(got));
		}
		if (want != NULL && strcmp(got, want) != 0)
			fail_msg("%s: the name lists %s, wanted %s", label, got,
			    want);
		wanted_writes = model == M_ONE ? s->writes1 : model == M_SET ?
		    s->writes_set : s->writes;
		if (wanted_writes != SKIP &&
		    mem.writes - writes0 != (unsigned)wanted_writes)
			fail_msg("%s: %u writes, wanted %d", label,
			    mem.writes - writes0, wanted_writes);
		if (s->no_read && mem.lists != lists0)
			fail_msg("%s: %u listing calls, wanted none", label,
			    mem.lists - lists0);
		if (s->no_read && mem.opens != opens0)
			fail_msg("%s: a session opened, wanted none", label);
		if (mem.defects > 0)
			fail_msg("%s: %s", label, mem.defect);
		if (model != M_ONE) {
			mem_listed("other", got, sizeof(got));
			if (strcmp(got, X9) != 0)
				fail_msg("%s: another name was touched", label);
		}
	}
}

static int
setup(void **state)
{
	(void)state;
	snprintf(statedir, sizeof(statedir), "/tmp/echoddns-sync.XXXXXX");
	return mkdtemp(statedir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	rm_tree(statedir);
	return 0;
}

static void
test_scenario(void **state)
{
	const struct scenario *sc = *state;
	unsigned m;

	for (m = M_REC; m <= M_ONE; m <<= 1) {
		if (!(sc->models & m))
			continue;
		rm_tree(statedir);
		assert_int_equal(mkdir(statedir, 0700), 0);
		run_scenario(sc, m);
	}
}

int
main(void)
{
	struct CMUnitTest tests[sizeof(scenarios) / sizeof(scenarios[0])];
	size_t i;

	log_init(VERB_QUIET, 0);
	jalloc_init();
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		memset(&tests[i], 0, sizeof(tests[i]));
		tests[i].name = scenarios[i].name;
		tests[i].test_func = test_scenario;
		tests[i].initial_state = (void *)&scenarios[i];
	}
	return _cmocka_run_group_tests("sync", tests, i, setup, teardown);
}
