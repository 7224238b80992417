/*
 * http.c - libcurl behind one call. Nothing else includes <curl/curl.h>.
 * One easy handle serves the whole run, so its connection cache keeps one
 * connection (and one TLS handshake) per endpoint for every call.
 */
#include <curl/curl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "exitcode.h"
#include "http.h"
#include "log.h"
#include "util.h"

static CURL	*handle;	/* from http_init to http_cleanup */

struct sink {
	char	*buf;
	size_t	 len;
	size_t	 cap;
	int	 overflow;
	time_t	 date;
	long	 retry_after;
};

int
http_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_err("libcurl: global initialisation failed");
		return EX_SOFTWARE;
	}
	if ((handle = curl_easy_init()) == NULL) {
		log_err("libcurl: curl_easy_init failed");
		curl_global_cleanup();
		return EX_SOFTWARE;
	}
	return 0;
}

void
http_cleanup(void)
{
	curl_easy_cleanup(handle);
	handle = NULL;
	curl_global_cleanup();
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb, cap;
	char *p;

	if (s->len + n > HTTP_BODY_MAX) {
		s->overflow = 1;
		return 0;	/* aborts the transfer */
	}
	if (s->len + n + 1 > s->cap) {
		cap = s->cap ? s->cap : 4096;
		while (cap < s->len + n + 1)
			cap *= 2;
		if ((p = realloc(s->buf, cap)) == NULL)
			return 0;
		s->buf = p;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return n;
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb;
	char line[128];

	time_t t;
	char *end;
	long v;

	if (n > 5 && n < sizeof(line) && strncasecmp(data, "Date:", 5) == 0) {
		memcpy(line, data + 5, n - 5);
		line[n - 5] = '\0';
		s->date = curl_getdate(line, NULL);
		if (s->date < 0)
			s->date = 0;
	} else if (n > 12 && n < sizeof(line) &&
	    strncasecmp(data, "Retry-After:", 12) == 0) {
		/* Seconds, or an HTTP date. */
		memcpy(line, data + 12, n - 12);
		line[n - 12] = '\0';
		v = strtol(line, &end, 10);
		if (end != line && v > 0 && v < 86400 &&
		    strspn(end, " \t\r\n") == strlen(end))
			s->retry_after = v;
		else if ((t = curl_getdate(line, NULL)) > 0 && t > time(NULL))
			s->retry_after = (long)(t - time(NULL));
	}
	return n;
}

/* A header line whose value is a credential: Authorization, *token*. */
static int
is_credential(const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len);
	size_t i, n;

	if (colon == NULL)
		return 0;
	n = (size_t)(colon - line);
	if (n == 13 && strncasecmp(line, "Authorization", 13) == 0)
		return 1;
	for (i = 0; i + 5 <= n; i++)
		if (strncasecmp(line + i, "token", 5) == 0)
			return 1;
	return 0;
}

/* -vvv trace: headers only, never bodies, and no credential values. */
static int
on_debug(CURL *c, curl_infotype type, char *data, size_t size, void *arg)
{
	const char *dir;
	size_t i, start, end;

	switch (type) {
	case CURLINFO_TEXT:
		dir = "*";
		break;
	case CURLINFO_HEADER_IN:
		dir = "<";
		break;
	case CURLINFO_HEADER_OUT:
		dir = ">";
		break;
	default:
		return 0;
	}
	for (start = 0; start < size; start = end + 1) {
		for (end = start; end < size && data[end] != '\n'; end++)
			continue;
		i = end;
		if (i > start && data[i - 1] == '\r')
			i--;
		if (i == start)
			continue;
		if (is_credential(data + start, i - start))
			log_trace("%s %.*s [redacted]", dir,
			    (int)(strchr(data + start, ':') - (data + start) + 1),
			    data + start);
		else if (type == CURLINFO_HEADER_OUT &&
		    i - start > 4 && strncmp(data + start, "GET ", 4) == 0 &&
		    memchr(data + start, '?', i - start) != NULL)
			log_trace("%s GET [query redacted]", dir);
		else
			log_trace("%s %.*s", dir, (int)(i - start), data + start);
	}
	return 0;
}

/*
 * The CA bundle when the account names none: libcurl's own, else the first
 * of the usual places that exists. A static build carries one compiled-in
 * path (Debian's and OpenWrt's), which other systems keep elsewhere.
 * Returns NULL to leave libcurl's choice (also when nothing was found:
 * its error then names the path it tried).
 */
static const char *
default_ca_file(void)
{
	static const char *const usual[] = {
		"/etc/ssl/certs/ca-certificates.crt",	/* Debian, OpenWrt, Alpine */
		"/etc/pki/tls/certs/ca-bundle.crt",	/* Fedora, RHEL */
		"/etc/ssl/ca-bundle.pem",		/* openSUSE */
		"/etc/ssl/cert.pem",			/* Alpine, BSDs, macOS */
	};
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	size_t i;

	if (v->cainfo == NULL && v->capath != NULL)
		return NULL;		/* a CA directory, as OpenSSL builds use */
	if (v->cainfo != NULL && access(v->cainfo, R_OK) == 0)
		return NULL;
	for (i = 0; i < sizeof(usual) / sizeof(usual[0]); i++)
		if (access(usual[i], R_OK) == 0)
			return usual[i];
	return NULL;
}

int
http_request(const char *method, const char *url, const char *const *headers,
    const char *body, size_t body_len, const char *ca_file,
    struct http_response *res, int *tls_identity)
{
	CURL *c = handle;
	struct curl_slist *hl = NULL, *tmp;
	struct sink s;
	CURLcode rc;
	long left, timeout;
	int status = EX_SOFTWARE;
	char errbuf[CURL_ERROR_SIZE];

	memset(&s, 0, sizeof(s));
	memset(res, 0, sizeof(*res));
	errbuf[0] = '\0';
	if (tls_identity != NULL)
		*tls_identity = 0;

	if ((left = deadline_left_ms()) < 200) {
		snprintf(res->error, sizeof(res->error),
		    "run deadline reached before the request");
		return EX_TEMPFAIL;
	}
	timeout = left < HTTP_TIMEOUT_MS ? left : HTTP_TIMEOUT_MS;

	if (c == NULL) {
		snprintf(res->error, sizeof(res->error), "HTTP is not set up");
		goto out;
	}
	/* Options go, the connection cache stays. */
	curl_easy_reset(c);
	for (; headers != NULL && *headers != NULL; headers++) {
		if ((tmp = curl_slist_append(hl, *headers)) == NULL) {
			snprintf(res->error, sizeof(res->error),
			    "out of memory");
			goto out;
		}
		hl = tmp;
	}
	/* Stop curl from adding "Expect: 100-continue" to POSTs. */
	if ((tmp = curl_slist_append(hl, "Expect:")) == NULL) {
		snprintf(res->error, sizeof(res->error), "out of memory");
		goto out;
	}
	hl = tmp;

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
	} else if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "echoddns/" VERSION);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
	    timeout < 10000 ? timeout : 10000L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca_file == NULL)
		ca_file = default_ca_file();
	if (ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, ca_file);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE, (long)HTTP_BODY_MAX);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (log_level() >= VERB_TRACE) {
		curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	}

	rc = curl_easy_perform(c);
	if (s.overflow || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(res->error, sizeof(res->error),
		    "reply larger than %d bytes", HTTP_BODY_MAX);
		status = EX_PROTOCOL;
		goto out;
	}
	if (rc != CURLE_OK) {
		switch (rc) {
		case CURLE_PEER_FAILED_VERIFICATION:
		case CURLE_SSL_CACERT_BADFILE:
		case CURLE_SSL_CERTPROBLEM:
			if (tls_identity != NULL)
				*tls_identity = 1;
			/* curl's words, cut to fit after ours */
			snprintf(res->error, sizeof(res->error), "TLS"
			    " certificate of the server not accepted: %.200s",
			    errbuf[0] ? errbuf : curl_easy_strerror(rc));
			break;
		case CURLE_OUT_OF_MEMORY:
			snprintf(res->error, sizeof(res->error),
			    "out of memory");
			status = EX_SOFTWARE;
			goto out;
		default:
			snprintf(res->error, sizeof(res->error), "%s",
			    errbuf[0] ? errbuf : curl_easy_strerror(rc));
		}
		status = EX_TEMPFAIL;
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
	if (s.buf == NULL && (s.buf = calloc(1, 1)) == NULL) {
		snprintf(res->error, sizeof(res->error), "out of memory");
		goto out;
	}
	res->body = s.buf;
	res->len = s.len;
	res->date = s.date;
	res->retry_after = s.retry_after;
	s.buf = NULL;
	status = 0;
out:
	free(s.buf);
	if (c != NULL)
		curl_easy_reset(c);	/* it outlives our pointers */
	curl_slist_free_all(hl);
	return status;
}

void
http_response_free(struct http_response *res)
{
	if (res == NULL)
		return;
	free(res->body);
	res->body = NULL;
	res->len = 0;
}
