/*
 * main.c - command line, configuration path, check, the lock and the exit
 * status. The engine (sync.h) does the work and fills a report, which is
 * printed here; main knows nothing of providers.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "exitcode.h"
#include "importenv.h"
#include "log.h"
#include "report.h"
#include "sync.h"
#include "util.h"

#define DEFAULT_CONFIG	SYSCONFDIR "/echoddns/echoddns.ini"

enum command { CMD_NONE, CMD_SYNC, CMD_CHECK, CMD_STATUS, CMD_IMPORT_ENV };

struct options {
	enum command	 cmd;
	const char	*config;
	int		 verbosity;
	int		 json;
	int		 use_syslog;
	int		 dry_run;
	int		 force;
	char		**groups;	/* GROUP... operands (borrowed from argv) */
	int		 ngroups;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: echoddns [-c FILE] [-q | -v...] [--json] [--syslog] sync"
	    " [--dry-run] [--force] [GROUP...]\n"
	    "       echoddns [-c FILE] check\n"
	    "       echoddns [-c FILE] [--json] status [GROUP...]\n"
	    "       echoddns import-env\n"
	    "       echoddns --version | --help\n");
}

/* --help: the options, the exit statuses and the configuration file. */
static void
help(void)
{
	const char *env = getenv("ECHODDNS_CONFIG");
	int code;

	usage(stdout);
	printf("\nKeep one DNS name listing the address of every Internet"
	    " line.\n\n"
	    "  sync                bring each group's HA name in line with its"
	    " sources\n"
	    "  check               validate the configuration; no network\n"
	    "  status              sources, records and plan; writes"
	    " nothing\n"
	    "  import-env          print an INI file made from the Python"
	    " EchoDDNS's\n"
	    "                      environment variables\n\n"
	    "  -c, --config FILE   the configuration file\n"
	    "  -q, --quiet         errors only; a lasting failure when it"
	    " starts,\n"
	    "                      at most hourly, and when it ends\n"
	    "  -v, --verbose       more detail, up to -vvv\n"
	    "      --json          one JSON document on standard output\n"
	    "      --syslog        messages to syslog (errors also to a"
	    " terminal)\n"
	    "  -n, --dry-run       sync: plan and report, write nothing\n"
	    "  -f, --force         sync: read the provider, ignore"
	    " back-off\n"
	    "  -h, --help          this text\n"
	    "  -V, --version       the version\n\n"
	    "Exit status:\n");
	for (code = exit_code_next(-1); code != -1; code = exit_code_next(code))
		printf("  %-3d %s\n", code, exit_meaning(code));
	printf("\nConfiguration file: %s\n", env != NULL ? env :
	    DEFAULT_CONFIG);
	if (env != NULL)
		printf("  (from ECHODDNS_CONFIG; the default is %s)\n",
		    DEFAULT_CONFIG);
	printf("See echoddns(1) and echoddns.conf(5).\n");
}

/*
 * Options may stand before or after the subcommand, so the whole argv is
 * scanned with one table and the operands are sorted out afterwards.
 */
static int
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "syslog",	no_argument,		NULL, 's' },
		{ "dry-run",	no_argument,		NULL, 'n' },
		{ "force",	no_argument,		NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	int ch, quiet = 0, i;

	memset(o, 0, sizeof(*o));
	while ((ch = getopt_long(argc, argv, "c:qvnfhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			o->verbosity++;
			break;
		case 'j':
			o->json = 1;
			break;
		case 's':
			o->use_syslog = 1;
			break;
		case 'n':
			o->dry_run = 1;
			break;
		case 'f':
			o->force = 1;
			break;
		case 'h':
			help();
			exit(0);
		case 'V':
			printf("echoddns %s\n", VERSION);
			exit(0);
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (quiet && o->verbosity > 0) {
		fprintf(stderr, "echoddns: -q and -v exclude each other\n");
		return EX_USAGE;
	}
	o->verbosity = quiet ? VERB_QUIET : o->verbosity;
	if (optind >= argc) {
		usage(stderr);
		return EX_USAGE;
	}
	if (strcmp(argv[optind], "sync") == 0)
		o->cmd = CMD_SYNC;
	else if (strcmp(argv[optind], "check") == 0)
		o->cmd = CMD_CHECK;
	else if (strcmp(argv[optind], "status") == 0)
		o->cmd = CMD_STATUS;
	else if (strcmp(argv[optind], "import-env") == 0)
		o->cmd = CMD_IMPORT_ENV;
	else {
		fprintf(stderr, "echoddns: unknown command '%s'\n",
		    argv[optind]);
		usage(stderr);
		return EX_USAGE;
	}
	if (o->cmd != CMD_SYNC && (o->dry_run || o->force)) {
		fprintf(stderr, "echoddns: --dry-run and --force go with"
		    " sync only\n");
		return EX_USAGE;
	}
	o->groups = argv + optind + 1;
	o->ngroups = argc - optind - 1;
	if ((o->cmd == CMD_CHECK || o->cmd == CMD_IMPORT_ENV) &&
	    o->ngroups > 0) {
		fprintf(stderr, "echoddns: %s takes no groups\n", argv[optind]);
		return EX_USAGE;
	}
	for (i = 0; i < o->ngroups; i++)
		if (o->groups[i][0] == '-') {
			usage(stderr);
			return EX_USAGE;
		}
	return 0;
}

/*
 * A directory or file this user may not write is not temporary: it takes a
 * person (run as root, or another state_dir), so it is 77, not 75.
 */
static int
access_status(int err)
{
	return err == EACCES || err == EPERM || err == EROFS ? EX_NOPERM :
	    EX_TEMPFAIL;
}

static int
take_lock(const struct config *cfg, int *fd)
{
	int st;

	*fd = -1;
	if ((mkdir(cfg->state_dir, 0700) == -1 && errno != EEXIST) ||
	    access(cfg->state_dir, W_OK) == -1) {
		if ((st = access_status(errno)) == EX_NOPERM)
			log_err("%s: %s; state_dir in [echoddns] must name a"
			    " directory this user may write (or run as root)",
			    cfg->state_dir, strerror(errno));
		else
			log_err("%s: %s", cfg->state_dir, strerror(errno));
		return st;
	}
	if ((*fd = open(cfg->lock_file, O_RDWR | O_CREAT | O_CLOEXEC,
	    0600)) == -1) {
		if ((st = access_status(errno)) == EX_NOPERM)
			log_err("%s: %s; lock_file in [echoddns] must name a"
			    " file this user may write (or run as root)",
			    cfg->lock_file, strerror(errno));
		else
			log_err("%s: %s", cfg->lock_file, strerror(errno));
		return st;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) == -1) {
		/* Hotplug and cron runs meet routinely: under -q, a run
		   that finds the lock held leaves quietly (75). */
		if (errno == EWOULDBLOCK && log_level() > VERB_QUIET)
			log_err("%s: another echoddns run holds the lock",
			    cfg->lock_file);
		else if (errno != EWOULDBLOCK)
			log_err("%s: flock: %s", cfg->lock_file,
			    strerror(errno));
		close(*fd);
		*fd = -1;
		return EX_TEMPFAIL;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct config *cfg = NULL;
	struct report *rep = NULL;
	struct sync_opts so;
	const char *path;
	size_t i;
	int status = EX_SOFTWARE, st, lockfd = -1;

	jalloc_init();
	if ((status = parse_args(argc, argv, &o)) != 0)
		return status;
	status = EX_SOFTWARE;
	log_init(o.verbosity, o.use_syslog);
	if (o.cmd == CMD_IMPORT_ENV)
		return importenv_write(stdout);
	if ((path = o.config) == NULL && (path = getenv("ECHODDNS_CONFIG")) == NULL)
		path = DEFAULT_CONFIG;
	if ((cfg = config_load(path, &st)) == NULL) {
		status = st;
		goto out;
	}
	if (o.cmd == CMD_CHECK) {
		(void)config_lint(cfg);
		log_info("%s: %zu account(s), %zu group(s): OK", path,
		    cfg->naccounts, cfg->ngroups);
		status = 0;
		goto out;
	}
	for (i = 0; i < (size_t)o.ngroups; i++)
		if (config_group(cfg, o.groups[i]) == NULL) {
			log_err("%s: no group '%s'", path, o.groups[i]);
			status = EX_USAGE;
			goto out;
		}
	deadline_start(cfg->timeout);
	if (o.cmd == CMD_SYNC && !o.dry_run &&
	    (st = take_lock(cfg, &lockfd)) != 0) {
		status = st;
		goto out;
	}

	memset(&so, 0, sizeof(so));
	so.command = o.cmd == CMD_SYNC ? REPORT_SYNC : REPORT_STATUS;
	so.dry_run = o.dry_run;
	so.force = o.force;
	so.groups = o.groups;
	so.ngroups = (size_t)o.ngroups;
	status = sync_run(cfg, &so, &rep);
	if (rep != NULL && o.json) {
		if (report_json(rep, stdout) != 0)
			status = EX_SOFTWARE;
	} else if (rep != NULL && o.cmd == CMD_STATUS)
		report_status_text(rep, stdout);
out:
	report_free(rep);
	if (lockfd != -1)
		close(lockfd);
	config_free(cfg);
	return status;
}
