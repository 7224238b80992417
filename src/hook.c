/*
 * hook.c - run the operator's hook program with a time limit.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hook.h"
#include "log.h"
#include "util.h"

extern char **environ;

static const char *const event_names[] = { "changed", "failed", "recovered" };

/* 1 when the variable of entry (NAME=value) is one of names. */
static int
named(const char *entry, char *const *names)
{
	size_t n;

	for (; names != NULL && *names != NULL; names++) {
		n = strlen(*names);
		if (strncmp(entry, *names, n) == 0 && entry[n] == '=')
			return 1;
	}
	return 0;
}

static void
env_free(char **env, size_t from)
{
	size_t i;

	for (i = from; env != NULL && env[i] != NULL; i++)
		free(env[i]);
	free(env);
}

/*
 * Our environment without the hidden variables and any ECHODDNS_ ones,
 * then the hook's own: a new array; its first `*ours` entries are
 * borrowed from environ, the rest owned. NULL when out of memory.
 */
static char **
hook_env(const struct hook_call *c, size_t *ours)
{
	char **env, st[16];
	const char *add[5][2];
	size_t n = 0, i, k, len;

	for (i = 0; environ[i] != NULL; i++)
		continue;
	if ((env = calloc(i + 6, sizeof(*env))) == NULL)
		return NULL;
	for (i = 0; environ[i] != NULL; i++)
		if (!named(environ[i], c->hide) &&
		    strncmp(environ[i], "ECHODDNS_", 9) != 0)
			env[n++] = environ[i];
	*ours = n;
	snprintf(st, sizeof(st), "%d", c->status);
	add[0][0] = "ECHODDNS_GROUP";		add[0][1] = c->group;
	add[1][0] = "ECHODDNS_NAME";		add[1][1] = c->name;
	add[2][0] = "ECHODDNS_EVENT";		add[2][1] = event_names[c->event];
	add[3][0] = "ECHODDNS_STATUS";		add[3][1] = st;
	add[4][0] = "ECHODDNS_ADDRESSES";	add[4][1] = c->addresses;
	for (k = 0; k < 5; k++) {
		len = strlen(add[k][0]) + strlen(add[k][1]) + 2;
		if ((env[n] = malloc(len)) == NULL) {
			env_free(env, *ours);
			return NULL;
		}
		snprintf(env[n++], len, "%s=%s", add[k][0], add[k][1]);
	}
	env[n] = NULL;
	return env;
}

/* In the child: become a process group of its own, then the hook. */
static void
child(const struct hook_call *c, char **env, int errfd)
{
	char *argv[2];
	sigset_t none;
	int fd, err;

	(void)setpgid(0, 0);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	(void)signal(SIGPIPE, SIG_DFL);
	if ((fd = open("/dev/null", O_RDONLY)) != -1 && fd != 0) {
		(void)dup2(fd, 0);
		close(fd);
	}
	/* Standard output may be the --json document: not the hook's. */
	(void)dup2(2, 1);
	argv[0] = (char *)c->program;
	argv[1] = NULL;
	execve(c->program, argv, env);
	err = errno;
	(void)write(errfd, &err, sizeof(err));
	_exit(127);
}

int
hook_run(const struct hook_call *c)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	char **env;
	long limit, left;
	long long start;
	size_t ours;
	pid_t pid, r;
	ssize_t got;
	int fds[2], ws = 0, err = 0;

	left = deadline_left_ms();
	limit = left < HOOK_TIME_LIMIT * 1000L ? left : HOOK_TIME_LIMIT * 1000L;
	if (limit < 100) {
		log_err("group %s: hook %s: not run, the run's timeout has"
		    " passed", c->group, c->program);
		return -1;
	}
	if ((env = hook_env(c, &ours)) == NULL) {
		log_err("group %s: hook %s: out of memory", c->group,
		    c->program);
		return -1;
	}
	/* The child says through this pipe why exec failed; on success
	   close-on-exec closes it. */
	if (pipe(fds) == -1) {
		log_err("group %s: hook %s: pipe: %s", c->group, c->program,
		    strerror(errno));
		env_free(env, ours);
		return -1;
	}
	(void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	fflush(NULL);
	if ((pid = fork()) == -1) {
		log_err("group %s: hook %s: fork: %s", c->group, c->program,
		    strerror(errno));
		close(fds[0]);
		close(fds[1]);
		env_free(env, ours);
		return -1;
	}
	if (pid == 0)
		child(c, env, fds[1]);
	close(fds[1]);
	env_free(env, ours);
	start = now_ms();
	do
		got = read(fds[0], &err, sizeof(err));
	while (got == -1 && errno == EINTR);
	close(fds[0]);
	while ((r = waitpid(pid, &ws, WNOHANG)) == 0 &&
	    now_ms() - start < limit)
		nanosleep(&tick, NULL);
	if (r == 0) {
		/* Its children too: a hung script often hangs in one. */
		(void)kill(-pid, SIGKILL);
		(void)kill(pid, SIGKILL);
		(void)waitpid(pid, &ws, 0);
		log_err("group %s: hook %s: still running after %ld s; killed"
		    " (a hook gets %d s at most, within the run's timeout)",
		    c->group, c->program, (limit + 999) / 1000,
		    HOOK_TIME_LIMIT);
		return -1;
	}
	if (got == (ssize_t)sizeof(err)) {
		log_err("group %s: hook %s: cannot run it: %s", c->group,
		    c->program, strerror(err));
		return -1;
	}
	if (r == -1) {
		log_err("group %s: hook %s: waitpid: %s", c->group,
		    c->program, strerror(errno));
		return -1;
	}
	if (WIFSIGNALED(ws)) {
		log_err("group %s: hook %s: killed by signal %d", c->group,
		    c->program, WTERMSIG(ws));
		return -1;
	}
	if (WEXITSTATUS(ws) != 0) {
		log_err("group %s: hook %s: exited %d", c->group, c->program,
		    WEXITSTATUS(ws));
		return -1;
	}
	log_info("group %s: hook %s: %s, done", c->group, c->program,
	    event_names[c->event]);
	return 0;
}
