/*
 * file.c - bounded, fstat-checked reads and atomic replacement of files.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "file.h"
#include "log.h"
#include "util.h"

/* The checks on the open descriptor, in the order file.h lists them. */
static enum file_status
check(const struct stat *st, size_t max, int flags)
{
	if (!S_ISREG(st->st_mode))
		return FILE_NOTREG;
	if ((flags & FILE_OWNED) && st->st_uid != 0 &&
	    st->st_uid != geteuid())
		return FILE_OWNER;
	if ((flags & FILE_NOTWRITABLE) && (st->st_mode & (S_IWGRP | S_IWOTH)))
		return FILE_MODE;
	if ((flags & FILE_PRIVATE) && (st->st_mode & (S_IRWXG | S_IRWXO)))
		return FILE_MODE;
	if (st->st_size < 0 || (unsigned long long)st->st_size > max)
		return FILE_TOOBIG;
	return FILE_OK;
}

enum file_status
file_read(const char *path, size_t max, int flags, char **bufp, size_t *lenp,
    struct stat *stp)
{
	struct stat st;
	enum file_status rc = FILE_ERRNO;
	char *buf = NULL, *nbuf;
	size_t len = 0, size;
	ssize_t r;
	int fd, oflags = O_RDONLY | O_CLOEXEC | O_NONBLOCK, saved;

	*bufp = NULL;
	*lenp = 0;
	if (flags & FILE_NOFOLLOW)
		oflags |= O_NOFOLLOW;
	if ((fd = open(path, oflags)) == -1)
		return (flags & FILE_NOFOLLOW) && errno == ELOOP ?
		    FILE_SYMLINK : FILE_OPEN;
	if (fstat(fd, &st) == -1)
		goto out;
	if (stp != NULL)
		*stp = st;
	if ((rc = check(&st, max, flags)) != FILE_OK)
		goto out;
	/* One byte more than the size: EOF is then seen without growing. */
	size = (size_t)st.st_size + 1;
	if ((buf = malloc(size + 1)) == NULL) {
		rc = FILE_NOMEM;
		goto out;
	}
	for (;;) {
		if (len == size) {
			/* The file grew since fstat; the size was a hint. */
			if (size > max) {
				rc = FILE_TOOBIG;
				goto out;
			}
			size = size > max / 2 ? max + 1 : size * 2;
			if ((nbuf = malloc(size + 1)) == NULL) {
				rc = FILE_NOMEM;
				goto out;
			}
			memcpy(nbuf, buf, len);
			wipe(buf, len);
			free(buf);
			buf = nbuf;
		}
		if ((r = read(fd, buf + len, size - len)) == -1) {
			if (errno == EINTR)
				continue;
			rc = FILE_ERRNO;
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	buf = NULL;
	rc = FILE_OK;
out:
	saved = errno;
	if (buf != NULL) {
		wipe(buf, len);
		free(buf);
	}
	close(fd);
	errno = saved;
	return rc;
}

int
file_make_dir(const char *dir)
{
	struct stat	 sb;
	char		*p, *c;
	int		 rc = EX_TEMPFAIL;

	if (stat(dir, &sb) == 0)
		return 0;	/* anything else there fails in mkstemp */
	if ((p = strdup(dir)) == NULL) {
		log_err("%s: out of memory", dir);
		return EX_SOFTWARE;
	}
	for (c = p + 1; *c != '\0'; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			log_err("%s: %s", p, strerror(errno));
			goto out;
		}
		*c = '/';
	}
	if (mkdir(p, 0700) == -1 && errno != EEXIST) {
		log_err("%s: %s", p, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(p);
	return rc;
}

static int
write_all(int fd, const char *s, size_t len)
{
	ssize_t r;

	while (len > 0) {
		if ((r = write(fd, s, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += r;
		len -= (size_t)r;
	}
	return 0;
}

static int
sync_dir(const char *dir)
{
	int fd, rc = 0;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	/* Some file systems cannot sync a directory; rename still happened. */
	if (fsync(fd) == -1 && errno != EINVAL && errno != ENOTSUP)
		rc = -1;
	close(fd);
	return rc;
}

int
file_replace(const char *path, const void *data, size_t len)
{
	const char	*slash = strrchr(path, '/');
	const char	*name = slash != NULL ? slash + 1 : path;
	size_t		 dlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	size_t		 tlen;
	char		*tmp;
	int		 fd, rc = EX_TEMPFAIL;

	/* dir/.NAME.XXXXXX: the directory part of path kept as written. */
	tlen = dlen + 1 + strlen(name) + sizeof(".XXXXXX");
	if ((tmp = malloc(tlen)) == NULL) {
		log_err("%s: out of memory", path);
		return EX_SOFTWARE;
	}
	snprintf(tmp, tlen, "%.*s.%s.XXXXXX", (int)dlen, path, name);
	if ((fd = mkstemp(tmp)) == -1) {
		log_err("%s: %s", tmp, strerror(errno));
		free(tmp);
		return EX_TEMPFAIL;
	}
	if (fchmod(fd, 0600) == -1 || write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		log_err("%s: %s", tmp, strerror(errno));
		close(fd);
		goto fail;
	}
	if (close(fd) == -1) {
		log_err("%s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		log_err("%s: %s", path, strerror(errno));
		goto fail;
	}
	/* tmp cut after its directory: "dir/" -> "dir", "/" stays. */
	if (dlen == 0)
		strcpy(tmp, ".");
	else
		tmp[dlen > 1 ? dlen - 1 : 1] = '\0';
	if (sync_dir(tmp) == -1)
		log_err("%s: %s", tmp, strerror(errno));
	else
		rc = 0;
	free(tmp);
	return rc;
fail:
	unlink(tmp);
	free(tmp);
	return rc;
}

void
file_remove_temps(const char *path)
{
	const char	*slash = strrchr(path, '/');
	const char	*name = slash != NULL ? slash + 1 : path;
	struct dirent	*d;
	DIR		*dp;
	char		 dir[PATH_MAX], prefix[NAME_MAX + 3], p[PATH_MAX];
	int		 dlen = slash != NULL ? (int)(slash - path) : 1;
	size_t		 plen;

	if (slash == path)
		dlen = 1;	/* in "/" */
	if (snprintf(dir, sizeof(dir), "%.*s", dlen, slash != NULL ? path :
	    ".") >= (int)sizeof(dir) || snprintf(prefix, sizeof(prefix),
	    ".%s.", name) >= (int)sizeof(prefix))
		return;
	plen = strlen(prefix);
	if ((dp = opendir(dir)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strncmp(d->d_name, prefix, plen) != 0)
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", dir, d->d_name) >=
		    (int)sizeof(p))
			continue;
		if (unlink(p) == 0)
			log_debug("%s: removed a temp file left behind", p);
	}
	closedir(dp);
}
