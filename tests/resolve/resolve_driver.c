/*
 * resolve_driver - run resolve_all() on groups built from the command line
 * and print one line per source: "source status addr,addr|- error|-",
 * then "elapsed MS", and with -T "threads N": the most threads that ran
 * at once besides the driver's own, as /proc/self/status counted them
 * every millisecond. For tests/resolve/run.sh.
 *
 * usage: resolve_driver [-v] [-T] [-D deadline] GROUP [+ GROUP]...
 *   GROUP: [-6] [-t resolve_timeout] [-r system|api|SERVER,...] SOURCE...
 *   SOURCE: host, host@server or a literal address
 */
#include <sys/socket.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr.h"
#include "config.h"
#include "log.h"
#include "resolve.h"
#include "util.h"

#define GROUPS_MAX	256
#define SOURCES_MAX	64

static atomic_int sampling;
static int threads_max;

/* Threads: of /proc/self/status, or -1. */
static int
threads_now(void)
{
	char line[128];
	FILE *f;
	int n = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

static void *
sampler(void *arg)
{
	struct timespec ms = { 0, 1000000 };
	int n;

	(void)arg;
	while (atomic_load(&sampling)) {
		if ((n = threads_now()) > threads_max)
			threads_max = n;
		nanosleep(&ms, NULL);
	}
	return NULL;
}

static void
usage(void)
{
	fprintf(stderr, "usage: resolve_driver [-v] [-T] [-D deadline] GROUP "
	    "[+ GROUP]...\n"
	    "  GROUP: [-6] [-t timeout] [-r system|api|SERVER,...] "
	    "SOURCE...\n");
	exit(64);
}

static void
oom(void)
{
	fprintf(stderr, "resolve_driver: out of memory\n");
	exit(70);
}

/* Split "a,b,c" into g->servers. */
static void
set_servers(struct group *g, const char *list)
{
	char *copy, *p, *tok;

	if ((copy = strdup(list)) == NULL)
		oom();
	for (p = copy; (tok = strsep(&p, ",")) != NULL;) {
		if (*tok == '\0')
			continue;
		g->servers = realloc(g->servers,
		    (g->nservers + 1) * sizeof(*g->servers));
		if (g->servers == NULL ||
		    (g->servers[g->nservers] = strdup(tok)) == NULL)
			oom();
		g->nservers++;
	}
	free(copy);
}

static void
add_source(struct group *g, const char *arg)
{
	struct source *s;
	const char *at;

	if (g->nsources == SOURCES_MAX)
		usage();
	s = &g->sources[g->nsources++];
	if ((at = strchr(arg, '@')) != NULL) {
		if ((s->host = strndup(arg, at - arg)) == NULL ||
		    (s->server = strdup(at + 1)) == NULL)
			oom();
		return;
	}
	if ((s->host = strdup(arg)) == NULL)
		oom();
	addr_parse(&s->literal, arg);
}

static struct group *
new_group(size_t n)
{
	struct group *g;
	char name[16];

	snprintf(name, sizeof(name), "g%zu", n + 1);
	if ((g = calloc(1, sizeof(*g))) == NULL ||
	    (g->name = strdup(name)) == NULL ||
	    (g->sources = calloc(SOURCES_MAX, sizeof(*g->sources))) == NULL)
		oom();
	g->family = AF_INET;
	g->resolver = RESOLVE_SYSTEM;
	g->resolve_timeout = 5;
	return g;
}

static void
group_free(struct group *g)
{
	size_t i;

	for (i = 0; i < g->nsources; i++) {
		free(g->sources[i].host);
		free(g->sources[i].server);
	}
	for (i = 0; i < g->nservers; i++)
		free(g->servers[i]);
	free(g->servers);
	free(g->sources);
	free(g->name);
	free(g);
}

static void
print_result(const struct source *s, const struct source_result *r)
{
	char a[ADDR_STRLEN];
	size_t i;

	printf("%s%s%s %d ", s->host, s->server != NULL ? "@" : "",
	    s->server != NULL ? s->server : "", r->status);
	if (r->naddrs == 0)
		printf("-");
	for (i = 0; i < r->naddrs; i++)
		printf("%s%s", i > 0 ? "," : "", addr_str(&r->addrs[i], a));
	printf(" %s\n", r->error[0] != '\0' ? r->error : "-");
}

int
main(int argc, char *argv[])
{
	struct group *groups[GROUPS_MAX];
	struct source_result *res[GROUPS_MAX];
	struct group *g;
	size_t ngroups = 0, i, j;
	pthread_t tid;
	long long t0;
	int verbose = VERB_NORMAL, rc, a = 1, count = 0;

	for (; a < argc; a++) {
		if (strcmp(argv[a], "-v") == 0)
			verbose = VERB_DEBUG;
		else if (strcmp(argv[a], "-T") == 0)
			count = 1;
		else if (strcmp(argv[a], "-D") == 0 && a + 1 < argc)
			deadline_start(atol(argv[++a]));
		else
			break;
	}
	log_init(verbose, 0);

	g = groups[ngroups++] = new_group(0);
	for (; a < argc; a++) {
		if (strcmp(argv[a], "+") == 0) {
			if (ngroups == GROUPS_MAX)
				usage();
			g = groups[ngroups] = new_group(ngroups);
			ngroups++;
		} else if (strcmp(argv[a], "-6") == 0)
			g->family = AF_INET6;
		else if (strcmp(argv[a], "-t") == 0 && a + 1 < argc)
			g->resolve_timeout = atol(argv[++a]);
		else if (strcmp(argv[a], "-r") == 0 && a + 1 < argc) {
			a++;
			if (strcmp(argv[a], "system") == 0)
				g->resolver = RESOLVE_SYSTEM;
			else if (strcmp(argv[a], "api") == 0)
				g->resolver = RESOLVE_API;
			else {
				g->resolver = RESOLVE_DNS;
				set_servers(g, argv[a]);
			}
		} else if (argv[a][0] == '-')
			usage();
		else
			add_source(g, argv[a]);
	}

	for (i = 0; i < ngroups; i++)
		if ((res[i] = calloc(groups[i]->nsources + 1,
		    sizeof(*res[i]))) == NULL)
			oom();
	if (count) {
		atomic_store(&sampling, 1);
		if (pthread_create(&tid, NULL, sampler, NULL) != 0) {
			fprintf(stderr, "resolve_driver: no sampler thread\n");
			exit(70);
		}
	}
	t0 = now_ms();
	rc = resolve_all(groups, ngroups, res);
	if (count) {
		atomic_store(&sampling, 0);
		pthread_join(tid, NULL);
	}
	for (i = 0; i < ngroups; i++)
		for (j = 0; j < groups[i]->nsources; j++)
			print_result(&groups[i]->sources[j], &res[i][j]);
	printf("elapsed %lld\n", now_ms() - t0);
	/* Less the driver's main thread and the sampler. */
	if (count)
		printf("threads %d\n", threads_max - 2);

	for (i = 0; i < ngroups; i++) {
		for (j = 0; j < groups[i]->nsources; j++)
			source_result_clear(&res[i][j]);
		free(res[i]);
		group_free(groups[i]);
	}
	return rc;
}
