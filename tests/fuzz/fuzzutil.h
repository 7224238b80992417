/*
 * fuzzutil.h - what the libFuzzer targets share: a private directory made
 * once per process, writing an input into it, and a quiet stderr while the
 * code under test runs (config and state errors are logged, once per input,
 * which would bury libFuzzer's own output).
 *
 * Sanitizer reports are sent to a copy of the real stderr, so a crash
 * inside a quiet section is still reported in full.
 */
#ifndef ECHODDNS_FUZZUTIL_H
#define ECHODDNS_FUZZUTIL_H

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

static char	fuzz_dir[PATH_MAX];	/* private, mode 0700 */
static char	fuzz_rm_path[PATH_MAX];	/* removed with fuzz_dir at exit */
static int	fuzz_null_fd = -1;	/* /dev/null */
static int	fuzz_err_fd = -1;	/* the real stderr */

static inline void
fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, strerror(errno));
	abort();
}

static inline void
fuzz_cleanup(void)
{
	if (fuzz_rm_path[0] != '\0')
		unlink(fuzz_rm_path);
	if (fuzz_dir[0] != '\0')
		rmdir(fuzz_dir);
}

/*
 * Make the private directory (under $TMPDIR or /tmp) and prepare the quiet
 * stderr. file, if not NULL, is a name in the directory that is removed
 * with it at exit.
 */
static inline void
fuzz_setup(const char *file)
{
	const char *tmp;

	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	if ((size_t)snprintf(fuzz_dir, sizeof(fuzz_dir),
	    "%s/echoddns-fuzz.XXXXXX", tmp) >= sizeof(fuzz_dir)) {
		errno = ENAMETOOLONG;
		fuzz_die(tmp);
	}
	if (mkdtemp(fuzz_dir) == NULL)
		fuzz_die(fuzz_dir);
	if (file != NULL)
		snprintf(fuzz_rm_path, sizeof(fuzz_rm_path), "%s/%s", fuzz_dir,
		    file);
	atexit(fuzz_cleanup);

	if ((fuzz_null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1)
		fuzz_die("/dev/null");
	if ((fuzz_err_fd = fcntl(2, F_DUPFD_CLOEXEC, 3)) == -1)
		fuzz_die("dup of stderr");
	__sanitizer_set_report_fd((void *)(intptr_t)fuzz_err_fd);
}

/* Send stderr to /dev/null until fuzz_loud(). */
static inline void
fuzz_quiet(void)
{
	if (fuzz_null_fd == -1)
		return;
	fflush(stderr);
	if (dup2(fuzz_null_fd, 2) == -1)
		fuzz_die("dup2");
}

static inline void
fuzz_loud(void)
{
	if (fuzz_err_fd == -1)
		return;
	fflush(stderr);
	if (dup2(fuzz_err_fd, 2) == -1)
		fuzz_die("dup2");
}

/* Replace path with the len bytes of data, mode 0600. */
static inline void
fuzz_write_file(const char *path, const uint8_t *data, size_t len)
{
	ssize_t r;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1)
		fuzz_die(path);
	/* The umask must not decide the mode: config.c checks it. */
	if (fchmod(fd, 0600) == -1)
		fuzz_die(path);
	while (len > 0) {
		if ((r = write(fd, data, len)) == -1) {
			if (errno == EINTR)
				continue;
			fuzz_die(path);
		}
		data += r;
		len -= (size_t)r;
	}
	if (close(fd) == -1)
		fuzz_die(path);
}

/* A broken promise of the code under test: say which, and crash. */
static inline void
fuzz_check(int ok, const char *what)
{
	if (ok)
		return;
	fuzz_loud();
	fprintf(stderr, "fuzz: invariant violated: %s\n", what);
	abort();
}

#endif
