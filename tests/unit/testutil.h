/*
 * testutil.h - helpers shared by the unit tests: remove a scratch
 * directory, read a whole file, capture stderr. Include it after
 * <cmocka.h>. Named testutil.h, not util.h: the tests are built with
 * -Isrc, and "util.h" must stay src/util.h. The functions are static
 * inline, so that a test that does not use one is not warned about it.
 */
#ifndef ECHODDNS_TESTUTIL_H
#define ECHODDNS_TESTUTIL_H

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* rm -rf dir; symbolic links are removed, not followed. */
static inline void
rm_tree(const char *dir)
{
	struct dirent	*d;
	struct stat	 sb;
	DIR		*dp;
	char		 p[PATH_MAX];

	if ((dp = opendir(dir)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, d->d_name) >=
		    sizeof(p))
			continue;
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			rm_tree(p);
		else
			unlink(p);
	}
	closedir(dp);
	rmdir(dir);
}

/* The whole file at path, NUL-terminated (caller frees). */
static inline char *
read_text(const char *path)
{
	char	*buf;
	FILE	*f;
	long	 n;

	assert_non_null(f = fopen(path, "r"));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	assert_non_null(buf = calloc(1, (size_t)n + 1));
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* stderr goes to a file between capture_start and capture_end. */
static int	capture_saved = -1;
static char	capture_path[] = "/tmp/echoddns-stderr.XXXXXX";

static inline void
capture_start(void)
{
	int fd;

	strcpy(capture_path, "/tmp/echoddns-stderr.XXXXXX");
	assert_true((fd = mkstemp(capture_path)) != -1);
	fflush(stderr);
	capture_saved = dup(STDERR_FILENO);
	assert_true(capture_saved != -1);
	assert_true(dup2(fd, STDERR_FILENO) != -1);
	close(fd);
}

/* What was written to stderr since capture_start (caller frees). */
static inline char *
capture_end(void)
{
	char *text;

	fflush(stderr);
	assert_true(dup2(capture_saved, STDERR_FILENO) != -1);
	close(capture_saved);
	capture_saved = -1;
	text = read_text(capture_path);
	unlink(capture_path);
	return text;
}

#endif
