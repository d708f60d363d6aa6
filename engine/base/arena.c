/* A bump allocator over a list of malloc'd chunks. */
#include <stdlib.h>
#include <string.h>
#include "base/arena.h"

#define CHUNK_SIZE 8192

struct chunk {
	struct chunk *next;
	size_t used, size;
	/* Data follows, aligned like the header. */
};

struct arena {
	struct chunk *head;
};

struct arena *arena_new(void)
{
	return calloc(1, sizeof(struct arena));
}

/**
 * Allocate zeroed memory that lives as long as the arena.
 *
 * @v arena	the arena
 * @v size	bytes
 * @ret ptr	memory, or NULL when out of memory
 */
void *arena_alloc(struct arena *arena, size_t size)
{
	struct chunk *c = arena->head;
	size_t want = (size + 7) & ~(size_t)7, csize;
	void *p;

	if (!c || c->size - c->used < want) {
		csize = want > CHUNK_SIZE ? want : CHUNK_SIZE;
		c = malloc(sizeof(*c) + csize);
		if (!c)
			return NULL;
		c->next = arena->head;
		c->used = 0;
		c->size = csize;
		arena->head = c;
	}
	p = (char *)(c + 1) + c->used;
	c->used += want;
	memset(p, 0, size);
	return p;
}

char *arena_strdup(struct arena *arena, const char *s)
{
	size_t len = strlen(s) + 1;
	char *p = arena_alloc(arena, len);

	if (p)
		memcpy(p, s, len);
	return p;
}

void arena_free(struct arena *arena)
{
	struct chunk *c, *next;

	if (!arena)
		return;
	for (c = arena->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(arena);
}
