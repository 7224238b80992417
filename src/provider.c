/*
 * provider.c - the static table of providers and record helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "providers/providers.h"

static const struct provider *const providers[] = {
	&alidns_provider,
	&dnspod_provider,
	&cloudflare_provider,
	&huaweicloud_provider,
	&dyndns2_provider,
};

const struct provider *
provider_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++)
		if (strcmp(providers[i]->name, name) == 0)
			return providers[i];
	return NULL;
}

const char *
provider_names(void)
{
	static char names[256];
	size_t i;

	/* Derived from the table, so a new provider is named by itself. */
	if (names[0] == '\0')
		for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++)
			snprintf(names + strlen(names), sizeof(names) -
			    strlen(names), "%s%s", i > 0 ? ", " : "",
			    providers[i]->name);
	return names;
}

const struct provider_key *
provider_key(const struct provider *p, const char *name)
{
	const struct provider_key *k;

	for (k = p->keys; k->name != NULL; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

const char *
provider_model_name(enum provider_model m)
{
	static const char *const names[] = { "records",
	    "records without disable", "record set", "single address" };

	return names[m];
}

void
record_clear(struct record *r)
{
	if (r == NULL)
		return;
	free(r->id);
	free(r->rr);
	free(r->type);
	free(r->value);
	free(r->line);
	memset(r, 0, sizeof(*r));
}

static int
dup_field(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return 0;
	return (*dst = strdup(src)) == NULL ? -1 : 0;
}

int
recordset_add(struct recordset *rs, const struct record *r)
{
	struct record *v, c;

	memset(&c, 0, sizeof(c));
	c.addr = r->addr;
	c.ttl = r->ttl;
	c.enabled = r->enabled;
	c.locked = r->locked;
	if (dup_field(&c.id, r->id) == -1 || dup_field(&c.rr, r->rr) == -1 ||
	    dup_field(&c.type, r->type) == -1 ||
	    dup_field(&c.value, r->value) == -1 ||
	    dup_field(&c.line, r->line) == -1)
		goto fail;
	if ((v = realloc(rs->v, (rs->n + 1) * sizeof(*v))) == NULL)
		goto fail;
	rs->v = v;
	rs->v[rs->n++] = c;
	return 0;
fail:
	record_clear(&c);
	return -1;
}

int
recordset_copy(struct recordset *dst, const struct recordset *src)
{
	size_t i, n0 = dst->n;

	for (i = 0; i < src->n; i++)
		if (recordset_add(dst, &src->v[i]) == -1) {
			while (dst->n > n0)
				record_clear(&dst->v[--dst->n]);
			return -1;
		}
	return 0;
}

void
recordset_free(struct recordset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		record_clear(&rs->v[i]);
	free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}
