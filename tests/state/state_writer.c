/*
 * state_writer - drives crash.sh. The state it writes is a pure function
 * of a generation number G, so any file can be checked completely.
 *
 *	state_writer loop DIR LOG	load DIR's state (generation G), then
 *					write G+1, G+2, ... until killed; LOG
 *					gets "begin N" before and "done N"
 *					after each save
 *	state_writer check DIR		print G of DIR's state; exit 0 if the
 *					file is byte for byte generation G
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "exitcode.h"
#include "state.h"

#define NGROUPS		40
#define NSOURCES	32
#define NRECORDS	16
#define BASE		1700000000L
#define FAR		(BASE + 1000000000L)	/* "now" to read G back */

static struct account	account = { .name = "aliyun" };
static struct group	groups[NGROUPS];
static struct source	sources[NGROUPS][NSOURCES];
static char		names[NGROUPS][16];
static char		hosts[NGROUPS][NSOURCES][40];

static void
make_config(void)
{
	int j, i;

	for (j = 0; j < NGROUPS; j++) {
		snprintf(names[j], sizeof(names[j]), "group%02d", j);
		for (i = 0; i < NSOURCES; i++) {
			snprintf(hosts[j][i], sizeof(hosts[j][i]),
			    "line%02d.site%02d.example.com", i, j);
			sources[j][i].host = hosts[j][i];
			/* Every fourth asks a server of its own. */
			sources[j][i].server = i % 4 == 3 ? "192.0.2.53" : NULL;
		}
		groups[j].name = names[j];
		groups[j].account = &account;
		groups[j].zone = "example.com";
		groups[j].rr = names[j];
		groups[j].line = "default";
		groups[j].family = AF_INET;
		groups[j].sources = sources[j];
		groups[j].nsources = NSOURCES;
	}
}

static struct addr
ip(int a, int b, int c, int d)
{
	char		buf[32];
	struct addr	x;

	snprintf(buf, sizeof(buf), "%d.%d.%d.%d", a, b, c, d);
	addr_parse(&x, buf);
	return x;
}

/* Overwrite everything the state holds with generation gen. */
static int
fill(struct state *st, long gen)
{
	struct state_group	*g;
	struct health		*h;
	struct record		 r[NRECORDS];
	struct recordset	 rs = { r, NRECORDS };
	struct addr		 a[2], want[NRECORDS];
	char			 ids[NRECORDS][24], vals[NRECORDS][16];
	time_t			 now = BASE + gen;
	int			 j, i;

	for (j = 0; j < NGROUPS; j++) {
		if ((g = state_group(st, &groups[j])) == NULL)
			return -1;
		for (i = 0; i < NSOURCES; i++) {
			a[0] = ip(198, 18 + (int)(gen / 65536 % 2),
			    (int)(gen / 256 % 256), (int)(gen % 256));
			a[1] = ip(203, 0, 113, i);
			if (state_source_remember(g, i, a, 2, now) != 0 ||
			    (h = state_health(g, i, &a[0])) == NULL)
				return -1;
			h->fails = (gen + i) % 3;
			h->oks = (gen + j) % 5;
			h->healthy = (gen + i + j) % 2;
		}
		memset(r, 0, sizeof(r));
		for (i = 0; i < NRECORDS; i++) {
			snprintf(ids[i], sizeof(ids[i]), "1455680456%06ld",
			    (gen * NRECORDS + i) % 1000000);
			snprintf(vals[i], sizeof(vals[i]), "203.0.113.%d", i);
			want[i] = ip(203, 0, 113, i);
			r[i].id = ids[i];
			r[i].value = vals[i];
			r[i].ttl = 600 + gen % 60;
			r[i].enabled = (int)((gen + i) % 2);
		}
		if (state_set_verified(g, &rs, want, NRECORDS, now) != 0 ||
		    state_set_throttle(g, now, now + 60 + j,
		    gen % 2 ? "Throttling.User" : "Throttling", EX_TEMPFAIL) != 0)
			return -1;
	}
	return 0;
}

/* The generation of st: 0 when empty. */
static long
generation(struct state *st)
{
	const struct addr	*v;
	long long		 age;
	size_t			 n;
	struct state_group	*g;

	if ((g = state_group(st, &groups[0])) == NULL)
		return -1;
	if (!state_source_last(g, 0, FAR, &v, &n, &age))
		return 0;
	return (long)(FAR - BASE - age);
}

static void
say(int fd, const char *what, long gen)
{
	char	buf[64];
	int	n;

	n = snprintf(buf, sizeof(buf), "%s %ld\n", what, gen);
	if (write(fd, buf, (size_t)n) != n)
		exit(1);
}

static int
loop(const char *dir, const char *log)
{
	struct state	*st;
	long		 gen;
	int		 fd;

	if ((fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0600)) == -1)
		return 1;
	for (;;) {
		if ((st = state_load(dir)) == NULL ||
		    (gen = generation(st)) < 0)
			return 1;
		gen++;
		if (fill(st, gen) == -1)
			return 1;
		say(fd, "begin", gen);
		if (state_save(st) != 0)
			return 1;
		say(fd, "done", gen);
		state_free(st);
	}
}

static char *
slurp(const char *path, size_t *len)
{
	char	*buf;
	FILE	*f;
	long	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

static int
check(const char *dir)
{
	struct state	*st, *fresh;
	char		 edir[4096], epath[4200], path[4200];
	char		*got, *want;
	size_t		 glen, wlen;
	long		 gen;
	int		 same;

	if ((st = state_load(dir)) == NULL || (gen = generation(st)) < 0)
		return 2;
	state_free(st);
	printf("%ld\n", gen);
	if (gen == 0)
		return 1;
	/* Generation gen written afresh elsewhere, for comparison. */
	snprintf(edir, sizeof(edir), "%s.expect", dir);
	snprintf(epath, sizeof(epath), "%s/state.json", edir);
	unlink(epath);
	if ((fresh = state_load(edir)) == NULL || fill(fresh, gen) == -1 ||
	    state_save(fresh) != 0)
		return 2;
	state_free(fresh);
	snprintf(path, sizeof(path), "%s/state.json", dir);
	if ((got = slurp(path, &glen)) == NULL ||
	    (want = slurp(epath, &wlen)) == NULL)
		return 2;
	same = glen == wlen && memcmp(got, want, glen) == 0;
	free(got);
	free(want);
	return same ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	make_config();
	if (argc == 4 && strcmp(argv[1], "loop") == 0)
		return loop(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "check") == 0)
		return check(argv[2]);
	fprintf(stderr, "usage: state_writer loop DIR LOG | check DIR\n");
	return 2;
}
