/*
 * test_config.c - config.c against the fixtures of tests/fixtures/config.
 * good_*.ini must load, with the fields asserted here; bad_*.ini must fail
 * with exactly the lines of the sibling bad_*.err on stderr. Git keeps no
 * file modes, so every fixture (and its siblings: NAME.secret, NAME.ca) is
 * first copied into a private directory with the mode its case needs, and
 * loaded from there by its bare name: the messages then carry that name.
 *
 * Usage: test_config [FIXTURE-DIR]   (else $FIXTURES, else
 * tests/fixtures/config relative to the current directory)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "exitcode.h"
#include "provider.h"

#ifndef STATEDIR
/* config.c's default when built without -DSTATEDIR */
#define STATEDIR	"/var/lib/echoddns"
#endif

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static char	fixtures[PATH_MAX];	/* absolute */
static char	workdir[PATH_MAX];	/* private copies; the cwd */

enum setup {
	COPY,		/* copy NAME.ini and its siblings */
	SYMLINK,	/* ... and make NAME.secret a symbolic link */
	DIRECTORY,	/* NAME.ini is a directory */
	MISSING		/* NAME.ini does not exist */
};

struct bad_case {
	const char	*name;
	mode_t		 mode;		/* of NAME.ini */
	mode_t		 sibling_mode;	/* of NAME.secret etc. */
	enum setup	 setup;
	int		 status;
};

static const struct bad_case bad_cases[] = {
	{ "bad_unknown_section", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_unknown_key", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_key_outside_section", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_duplicate_section", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_duplicate_key", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_missing_key", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_type", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_ttl", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_name_outside_zone", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_account_undefined", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_endpoint_http", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_endpoint_query", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_endpoint_forms", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_dyndns2", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_long_line", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_continuation", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_nul_byte", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_two_secrets", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_no_secret", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_env_unset", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_secret_file_readable", 0644, 0640, COPY, EX_CONFIG },
	{ "bad_secret_file_symlink", 0644, 0600, SYMLINK, EX_CONFIG },
	{ "bad_secret_file_empty", 0644, 0600, COPY, EX_CONFIG },
	{ "bad_secret_file_missing", 0644, 0600, COPY, EX_CONFIG },
	{ "bad_inline_secret_0644", 0644, 0600, COPY, EX_CONFIG },
	{ "bad_config_writable", 0620, 0600, COPY, EX_CONFIG },
	{ "bad_directory", 0700, 0600, DIRECTORY, EX_CONFIG },
	{ "bad_missing_file", 0600, 0600, MISSING, EX_CONFIG },
	{ "bad_literal_family", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_check", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_resolver", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_syntax", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_section_name", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_provider", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_cloudflare", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_values", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_too_many_sources", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_no_group", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_empty_value", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_sources", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_zone", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_secret_not_shown", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_many", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_key_hints", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_sources_too_many", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_sources_twice", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_token_chars", 0600, 0600, COPY, EX_CONFIG },
	{ "bad_line", 0600, 0600, COPY, EX_CONFIG },
};

/* Secrets written in the fixtures or the environment: never in a message. */
static const char *const secrets[] = {
	"ExampleSecret", "ExampleToken", "FileSecret", "TopSecret",
	"envSecret", "env-token",
};

/* Good fixtures: each has a test_good_* below. */
static const char *const good_names[] = {
	"good_minimal", "good_full", "good_secret_file", "good_secret_env",
	"good_aaaa", "good_api", "good_dns_servers", "good_multi", "good_bom",
	"good_crlf", "good_semicolon", "good_loopback_http",
	"good_sources_repeat", "good_dnspod", "good_dyndns2",
};

/* The whole of file at path, NUL-terminated; fails the test if unreadable. */
static char *
slurp(const char *path)
{
	char *buf = NULL, *nbuf;
	size_t len = 0, size = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		fail_msg("%s: %s", path, strerror(errno));
	for (;;) {
		if (len + 1 >= size) {
			size = size ? size * 2 : 4096;
			if ((nbuf = realloc(buf, size)) == NULL)
				fail_msg("out of memory");
			buf = nbuf;
		}
		if ((r = read(fd, buf + len, size - len - 1)) <= 0)
			break;
		len += (size_t)r;
	}
	assert_int_not_equal(r, -1);
	close(fd);
	buf[len] = '\0';
	return buf;
}

static void
copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[8192];
	ssize_t r;
	int in, out;

	if ((in = open(from, O_RDONLY)) == -1)
		fail_msg("%s: %s", from, strerror(errno));
	unlink(to);
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		fail_msg("%s: %s", to, strerror(errno));
	while ((r = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)r), r);
	assert_int_equal(r, 0);
	/* fchmod: the umask must not decide the mode under test. */
	assert_int_equal(fchmod(out, mode), 0);
	close(in);
	close(out);
}

/*
 * Copy name.ini with mode, and every other name.* fixture but name.err
 * with sibling_mode, into the working directory.
 */
static void
copy_fixture(const char *name, mode_t mode, mode_t sibling_mode)
{
	char from[PATH_MAX], *dot;
	struct dirent *d;
	size_t n = strlen(name);
	DIR *dir;

	assert_non_null(dir = opendir(fixtures));
	while ((d = readdir(dir)) != NULL) {
		if (strncmp(d->d_name, name, n) != 0 || d->d_name[n] != '.')
			continue;
		dot = d->d_name + n;
		if (strcmp(dot, ".err") == 0)
			continue;
		if ((size_t)snprintf(from, sizeof(from), "%s/%s", fixtures,
		    d->d_name) >= sizeof(from))
			fail_msg("%s: path too long", d->d_name);
		copy_file(from, d->d_name,
		    strcmp(dot, ".ini") == 0 ? mode : sibling_mode);
	}
	closedir(dir);
}

/* config_load(file) with stderr captured into *err (caller frees). */
static struct config *
load_captured(const char *file, int *status, char **err)
{
	struct config *c;
	int fd, saved;

	fflush(stderr);
	assert_int_not_equal(fd = open(".stderr", O_RDWR | O_CREAT | O_TRUNC,
	    0600), -1);
	assert_int_not_equal(saved = dup(2), -1);
	assert_int_not_equal(dup2(fd, 2), -1);
	*status = -1;
	c = config_load(file, status);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	*err = slurp(".stderr");
	unlink(".stderr");
	return c;
}

/* Load a good fixture: no message at all, a config back. */
static struct config *
load_good(const char *name, mode_t mode)
{
	struct config *c;
	char file[PATH_MAX], *err;
	int status;

	copy_fixture(name, mode, 0600);
	snprintf(file, sizeof(file), "%s.ini", name);
	c = load_captured(file, &status, &err);
	assert_string_equal(err, "");
	free(err);
	assert_non_null(c);
	assert_string_equal(c->path, file);
	return c;
}

static void
test_bad(void **state)
{
	const struct bad_case *bc = *state;
	struct config *c;
	char file[PATH_MAX], path[PATH_MAX], *err, *want;
	size_t i;
	int status;

	snprintf(file, sizeof(file), "%s.ini", bc->name);
	switch (bc->setup) {
	case COPY:
		copy_fixture(bc->name, bc->mode, bc->sibling_mode);
		break;
	case SYMLINK:
		copy_fixture(bc->name, bc->mode, bc->sibling_mode);
		snprintf(path, sizeof(path), "%s.secret", bc->name);
		assert_int_equal(rename(path, "symlink-target.secret"), 0);
		assert_int_equal(symlink("symlink-target.secret", path), 0);
		break;
	case DIRECTORY:
		assert_int_equal(mkdir(file, bc->mode), 0);
		break;
	case MISSING:
		break;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.err", fixtures,
	    bc->name) >= sizeof(path))
		fail_msg("%s: path too long", bc->name);
	want = slurp(path);
	c = load_captured(file, &status, &err);
	assert_null(c);
	for (i = 0; i < NELEM(secrets); i++)
		if (strstr(err, secrets[i]) != NULL)
			fail_msg("a secret in: %s", err);
	assert_string_equal(err, want);
	assert_int_equal(status, bc->status);
	free(err);
	free(want);
}

static void
test_good_minimal(void **state)
{
	struct config *c;
	struct account *a;
	struct group *g;

	(void)state;
	c = load_good("good_minimal", 0600);
	assert_string_equal(c->state_dir, STATEDIR);
	assert_string_equal(c->lock_file, STATEDIR "/echoddns.lock");
	assert_int_equal(c->timeout, 40);
	assert_int_equal(c->naccounts, 1);
	a = &c->accounts[0];
	assert_string_equal(a->name, "aliyun");
	assert_ptr_equal(a->provider, provider_find("alidns"));
	assert_string_equal(account_value(a, "access_key_id"), "LTAI5tExampleId");
	assert_string_equal(account_value(a, "access_key_secret"), "ExampleSecret0123456789");
	assert_null(account_value(a, "security_token"));
	assert_null(a->endpoint);
	assert_null(a->ca_file);
	assert_null(account_value(a, "signature"));
	assert_string_equal(a->file, "good_minimal.ini");
	assert_int_equal(a->file_line, 2);

	assert_int_equal(c->ngroups, 1);
	g = &c->groups[0];
	assert_ptr_equal(config_group(c, "home"), g);
	assert_null(config_group(c, "office"));
	assert_string_equal(g->name, "home");
	assert_ptr_equal(g->account, a);
	assert_string_equal(g->zone, "example.com");
	assert_string_equal(g->fqdn, "a.dns.example.com");
	assert_string_equal(g->rr, "a.dns");
	assert_int_equal(g->nsources, 1);
	assert_string_equal(g->sources[0].host, "dns1.example.com");
	assert_int_equal(g->sources[0].literal.family, 0);
	assert_null(g->sources[0].server);
	assert_int_equal(g->family, AF_INET);
	assert_int_equal(g->ttl, 0);
	assert_string_equal(g->line, "default");
	assert_null(g->records);
	assert_int_equal(g->nrecords, 0);
	assert_int_equal(g->resolver, RESOLVE_SYSTEM);
	assert_int_equal(g->nservers, 0);
	assert_int_equal(g->allow_private, 0);
	assert_int_equal(g->spare, SPARE_DISABLE);
	assert_int_equal(g->resolve_timeout, 5);
	assert_int_equal(g->stale_after, 3600);
	assert_int_equal(g->ncheck_ports, 0);
	assert_int_equal(g->check_timeout, 2);
	assert_int_equal(g->fail_after, 2);
	assert_int_equal(g->recover_after, 1);
	assert_int_equal(g->min_records, 1);
	assert_int_equal(g->verify_every, 600);
	assert_string_equal(g->file, "good_minimal.ini");
	assert_int_equal(g->file_line, 7);
	config_free(c);
}

static void
test_good_full(void **state)
{
	struct config *c;
	struct account *a;
	struct group *g;
	char buf[ADDR_STRLEN];

	(void)state;
	c = load_good("good_full", 0600);
	assert_string_equal(c->state_dir, "/tmp/echoddns-test/state");
	assert_string_equal(c->lock_file, "/tmp/echoddns-test/run.lock");
	assert_int_equal(c->timeout, 120);
	a = &c->accounts[0];
	assert_string_equal(account_value(a, "access_key_secret"), "ExampleSecret0123456789");
	assert_string_equal(account_value(a, "security_token"), "ExampleToken");
	assert_string_equal(a->endpoint,
	    "https://alidns.cn-hangzhou.aliyuncs.com/");
	assert_string_equal(a->ca_file, "good_full.ca");
	assert_string_equal(account_value(a, "signature"), "v3");

	g = &c->groups[0];
	assert_string_equal(g->zone, "example.com");
	assert_string_equal(g->fqdn, "a.dns.example.com");
	assert_string_equal(g->rr, "a.dns");
	assert_int_equal(g->nsources, 3);
	assert_string_equal(g->sources[0].host, "dns1.example.com");
	assert_null(g->sources[0].server);
	assert_string_equal(g->sources[1].host, "dns2.example.com");
	assert_string_equal(g->sources[1].server, "203.0.113.53");
	assert_int_equal(g->sources[1].literal.family, 0);
	assert_string_equal(g->sources[2].host, "198.51.100.7");
	assert_int_equal(g->sources[2].literal.family, AF_INET);
	assert_string_equal(addr_str(&g->sources[2].literal, buf),
	    "198.51.100.7");
	assert_null(g->sources[2].server);
	assert_int_equal(g->family, AF_INET);
	assert_int_equal(g->ttl, 300);
	assert_string_equal(g->line, "telecom");
	assert_int_equal(g->nrecords, 3);
	assert_string_equal(g->records[0], "1455682456000096");
	assert_string_equal(g->records[1], "1455680456002021");
	assert_string_equal(g->records[2], "abc_DEF-9");
	assert_int_equal(g->resolver, RESOLVE_DNS);
	assert_int_equal(g->nservers, 4);
	assert_string_equal(g->servers[0], "192.0.2.53");
	assert_string_equal(g->servers[1], "192.0.2.54:5353");
	assert_string_equal(g->servers[2], "2001:db8::53");
	assert_string_equal(g->servers[3], "[2001:db8::54]:53");
	assert_int_equal(g->allow_private, 1);
	assert_int_equal(g->spare, SPARE_DELETE);
	assert_int_equal(g->resolve_timeout, 10);
	assert_int_equal(g->stale_after, 7200);
	assert_int_equal(g->ncheck_ports, 2);
	assert_int_equal(g->check_ports[0], 3389);
	assert_int_equal(g->check_ports[1], 22);
	assert_int_equal(g->check_timeout, 3);
	assert_int_equal(g->fail_after, 3);
	assert_int_equal(g->recover_after, 2);
	assert_int_equal(g->min_records, 0);
	assert_int_equal(g->verify_every, 0);
	config_free(c);
}

static void
test_good_secret_file(void **state)
{
	struct config *c;

	(void)state;
	/* No inline secret: the config itself may be world-readable. */
	c = load_good("good_secret_file", 0644);
	assert_string_equal(account_value(&c->accounts[0], "access_key_secret"), "FileSecret;with=odd;chars");
	assert_null(account_value(&c->accounts[0], "security_token"));
	config_free(c);
}

static void
test_good_secret_env(void **state)
{
	struct config *c;

	(void)state;
	c = load_good("good_secret_env", 0644);
	assert_string_equal(account_value(&c->accounts[0], "access_key_secret"), "envSecret;=x");
	assert_string_equal(account_value(&c->accounts[0], "security_token"), "env-token");
	config_free(c);
}

static void
test_good_aaaa(void **state)
{
	struct config *c;
	struct group *g;
	char buf[ADDR_STRLEN];

	(void)state;
	c = load_good("good_aaaa", 0600);
	g = &c->groups[0];
	assert_int_equal(g->family, AF_INET6);
	assert_string_equal(g->rr, "v6");
	assert_int_equal(g->nsources, 3);
	assert_int_equal(g->sources[0].literal.family, 0);
	assert_int_equal(g->sources[1].literal.family, AF_INET6);
	assert_string_equal(addr_str(&g->sources[1].literal, buf),
	    "2001:db8::7");
	assert_string_equal(g->sources[2].host, "dns2.example.com");
	assert_string_equal(g->sources[2].server, "[2001:db8::53]:53");
	config_free(c);
}

static void
test_good_api(void **state)
{
	struct config *c;
	struct group *g;

	(void)state;
	c = load_good("good_api", 0600);
	g = &c->groups[0];
	assert_int_equal(g->resolver, RESOLVE_API);
	assert_null(g->servers);
	assert_int_equal(g->nservers, 0);
	assert_string_equal(g->fqdn, "example.com");
	assert_string_equal(g->rr, "@");
	assert_int_equal(g->nsources, 2);
	config_free(c);
}

static void
test_good_dns_servers(void **state)
{
	struct config *c;
	struct group *g;

	(void)state;
	c = load_good("good_dns_servers", 0600);
	g = &c->groups[0];
	assert_int_equal(g->resolver, RESOLVE_DNS);
	assert_int_equal(g->nservers, 4);
	assert_string_equal(g->servers[0], "127.0.0.53");
	assert_string_equal(g->servers[1], "127.0.0.1:5353");
	assert_string_equal(g->servers[2], "::1");
	assert_string_equal(g->servers[3], "[::1]:5353");
	config_free(c);
}

static void
test_good_multi(void **state)
{
	struct config *c;
	struct group *g;

	(void)state;
	c = load_good("good_multi", 0600);
	assert_int_equal(c->timeout, 60);
	assert_int_equal(c->naccounts, 2);
	assert_string_equal(c->accounts[0].name, "first");
	assert_string_equal(c->accounts[1].name, "second");
	assert_string_equal(account_value(&c->accounts[1], "access_key_id"), "SecondId");
	assert_string_equal(account_value(&c->accounts[1], "access_key_secret"), "SecondSecret");
	assert_int_equal(c->ngroups, 3);
	assert_non_null(g = config_group(c, "home"));
	assert_ptr_equal(g->account, &c->accounts[1]);
	assert_non_null(g = config_group(c, "office"));
	assert_ptr_equal(g->account, &c->accounts[0]);
	assert_string_equal(g->rr, "ha");
	assert_int_equal(g->nsources, 2);
	assert_string_equal(g->sources[1].host, "wan2.example.net");
	assert_non_null(g = config_group(c, "v6"));
	assert_int_equal(g->family, AF_INET6);
	assert_string_equal(g->rr, "v6.ha");
	assert_int_equal(g->file_line, 24);
	config_free(c);
}

/* sources may go on over several lines: 32 sources, in file order. */
static void
test_good_sources_repeat(void **state)
{
	struct config *c;
	struct group *g;

	(void)state;
	c = load_good("good_sources_repeat", 0600);
	g = &c->groups[0];
	assert_int_equal(g->nsources, 32);
	assert_string_equal(g->sources[0].host, "line1.example.com");
	assert_string_equal(g->sources[8].host, "line9.example.com");
	assert_string_equal(g->sources[31].host, "line32.example.com");
	config_free(c);
}

static void
test_good_bom(void **state)
{
	struct config *c;

	(void)state;
	c = load_good("good_bom", 0600);
	assert_string_equal(c->accounts[0].name, "aliyun");
	assert_int_equal(c->accounts[0].file_line, 2);
	assert_string_equal(c->groups[0].sources[0].host, "dns1.example.com");
	config_free(c);
}

static void
test_good_crlf(void **state)
{
	struct config *c;
	struct group *g;

	(void)state;
	c = load_good("good_crlf", 0600);
	assert_string_equal(account_value(&c->accounts[0], "access_key_secret"), "ExampleSecret0123456789");
	g = &c->groups[0];
	assert_string_equal(g->fqdn, "a.dns.example.com");
	assert_int_equal(g->nsources, 2);
	assert_string_equal(g->sources[1].host, "dns2.example.com");
	assert_int_equal(g->ttl, 120);
	config_free(c);
}

static void
test_good_semicolon(void **state)
{
	struct config *c;
	struct group *g;

	(void)state;
	c = load_good("good_semicolon", 0600);
	assert_string_equal(c->state_dir, "/var/lib/echo;dd#ns");
	assert_string_equal(c->lock_file, "/var/lib/echo;dd#ns/echoddns.lock");
	assert_string_equal(account_value(&c->accounts[0], "access_key_secret"), "abc;def=ghi");
	g = &c->groups[0];
	assert_int_equal(g->nsources, 1);
	assert_string_equal(g->sources[0].host, "dns1.example.com");
	assert_string_equal(g->line, "default");
	config_free(c);
}

static void
test_good_loopback_http(void **state)
{
	struct config *c;

	(void)state;
	c = load_good("good_loopback_http", 0600);
	assert_string_equal(c->accounts[0].endpoint, "http://127.0.0.1:8080");
	assert_string_equal(c->accounts[1].endpoint, "http://[::1]:8443/rpc/");
	config_free(c);
}

/* DNSPod: its default line, and a line named in UTF-8. */
static void
test_good_dnspod(void **state)
{
	struct config *c;
	struct account *a;

	(void)state;
	c = load_good("good_dnspod", 0600);
	a = &c->accounts[0];
	assert_string_equal(a->provider->name, "dnspod");
	assert_string_equal(account_value(a, "secret_id"),
	    "AKIDExampleSecretId0123456789");
	assert_string_equal(account_value(a, "secret_key"),
	    "ExampleSecret0123456789");
	assert_null(a->endpoint);
	assert_int_equal(c->ngroups, 2);
	assert_string_equal(c->groups[0].line, "\xe9\xbb\x98\xe8\xae\xa4");
	assert_string_equal(c->groups[1].line, "\xe7\x94\xb5\xe4\xbf\xa1");
	assert_int_equal(c->groups[1].family, AF_INET6);
	config_free(c);
}

/*
 * dyndns2: 3322 and Oray are documented over http:// only, a URL or an
 * endpoint may be plain http://: each is a warning for check, not an error.
 */
static void
test_good_dyndns2(void **state)
{
	struct config *c;
	struct account *a;
	struct group *g;
	size_t i;

	(void)state;
	c = load_good("good_dyndns2", 0600);
	assert_int_equal(c->naccounts, 5);
	a = &c->accounts[0];
	assert_string_equal(a->provider->name, "dyndns2");
	assert_string_equal(account_value(a, "server"), "3322");
	assert_non_null(a->warning);
	assert_non_null(strstr(a->warning, "server: members.3322.net is "
	    "documented over plain http://"));
	assert_int_equal(a->warning_line, 8);
	assert_non_null(strstr(c->accounts[1].warning, "ddns.oray.com"));
	assert_int_equal(c->accounts[1].warning_line, 14);
	a = &c->accounts[2];
	assert_null(a->warning);
	assert_string_equal(account_value(a, "contact"), "ops@example.net");
	assert_non_null(strstr(c->accounts[3].warning, "server: "
	    "update.example.net is reached over plain http://"));
	assert_int_equal(c->accounts[3].warning_line, 27);
	/* The endpoint overrides server, and is what is warned of. */
	assert_non_null(strstr(c->accounts[4].warning, "endpoint: 192.0.2.1 "
	    "is reached over plain http://"));
	assert_int_equal(c->accounts[4].warning_line, 34);
	for (i = 0; i < c->naccounts; i++)
		assert_true(c->accounts[i].warning == NULL ||
		    strstr(c->accounts[i].warning, "Example") == NULL);
	/* No zone: the name is its own. */
	g = &c->groups[0];
	assert_string_equal(g->fqdn, "ha.3322.org");
	assert_string_equal(g->zone, "ha.3322.org");
	assert_string_equal(g->rr, "@");
	assert_false(g->failback);
	assert_null(g->line);
	assert_int_equal(g->ttl, 0);
	g = &c->groups[1];
	assert_string_equal(g->zone, "example.net");
	assert_string_equal(g->rr, "ha");
	assert_true(g->failback);
	config_free(c);
}

static int
in_bad_cases(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < NELEM(bad_cases); i++)
		if (strlen(bad_cases[i].name) == n &&
		    strncmp(bad_cases[i].name, name, n) == 0)
			return 1;
	return 0;
}

static int
in_good_names(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < NELEM(good_names); i++)
		if (strlen(good_names[i]) == n &&
		    strncmp(good_names[i], name, n) == 0)
			return 1;
	return 0;
}

/* Every fixture file belongs to a case above: none is silently skipped. */
static void
test_every_fixture_used(void **state)
{
	struct dirent *d;
	const char *dot;
	DIR *dir;

	(void)state;
	assert_non_null(dir = opendir(fixtures));
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if ((dot = strchr(d->d_name, '.')) == NULL)
			fail_msg("%s: fixture without a suffix", d->d_name);
		if (strncmp(d->d_name, "bad_", 4) == 0) {
			if (!in_bad_cases(d->d_name, (size_t)(dot - d->d_name)))
				fail_msg("%s: not in bad_cases", d->d_name);
		} else if (strncmp(d->d_name, "good_", 5) == 0) {
			if (!in_good_names(d->d_name,
			    (size_t)(dot - d->d_name)))
				fail_msg("%s: not in good_names", d->d_name);
		} else
			fail_msg("%s: neither good_ nor bad_", d->d_name);
	}
	closedir(dir);
}

/* Remove every file made in the working directory, then the directory. */
static void
clean_workdir(void)
{
	struct dirent *d;
	struct stat st;
	DIR *dir;

	if (chdir(workdir) == -1 || (dir = opendir(".")) == NULL)
		return;
	while ((d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (lstat(d->d_name, &st) == 0 && S_ISDIR(st.st_mode))
			rmdir(d->d_name);
		else
			unlink(d->d_name);
	}
	closedir(dir);
	if (chdir("/") == 0)
		rmdir(workdir);
}

int
main(int argc, char **argv)
{
	static const struct CMUnitTest good[] = {
		cmocka_unit_test(test_good_minimal),
		cmocka_unit_test(test_good_full),
		cmocka_unit_test(test_good_secret_file),
		cmocka_unit_test(test_good_secret_env),
		cmocka_unit_test(test_good_aaaa),
		cmocka_unit_test(test_good_api),
		cmocka_unit_test(test_good_dns_servers),
		cmocka_unit_test(test_good_multi),
		cmocka_unit_test(test_good_bom),
		cmocka_unit_test(test_good_crlf),
		cmocka_unit_test(test_good_semicolon),
		cmocka_unit_test(test_good_loopback_http),
		cmocka_unit_test(test_good_sources_repeat),
		cmocka_unit_test(test_good_dnspod),
		cmocka_unit_test(test_good_dyndns2),
		cmocka_unit_test(test_every_fixture_used),
	};
	struct CMUnitTest tests[NELEM(good) + NELEM(bad_cases)];
	const char *dir, *tmp;
	size_t i, n = 0;
	int rc;

	if ((dir = argc > 1 ? argv[1] : getenv("FIXTURES")) == NULL ||
	    *dir == '\0')
		dir = "tests/fixtures/config";
	if (realpath(dir, fixtures) == NULL) {
		fprintf(stderr, "test_config: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(workdir, sizeof(workdir), "%s/test_config.XXXXXX", tmp);
	if (mkdtemp(workdir) == NULL || chdir(workdir) == -1) {
		fprintf(stderr, "test_config: %s: %s\n", workdir,
		    strerror(errno));
		return 1;
	}
	setenv("ECHODDNS_TEST_SECRET", "envSecret;=x", 1);
	setenv("ECHODDNS_TEST_TOKEN", "env-token", 1);
	setenv("ECHODDNS_TEST_EMPTY", "", 1);
	unsetenv("ECHODDNS_TEST_UNSET");

	for (i = 0; i < NELEM(good); i++)
		tests[n++] = good[i];
	for (i = 0; i < NELEM(bad_cases); i++) {
		tests[n].name = bad_cases[i].name;
		tests[n].test_func = test_bad;
		tests[n].setup_func = NULL;
		tests[n].teardown_func = NULL;
		tests[n].initial_state = (void *)&bad_cases[i];
		n++;
	}
	rc = _cmocka_run_group_tests("config", tests, n, NULL, NULL);
	clean_workdir();
	return rc;
}
