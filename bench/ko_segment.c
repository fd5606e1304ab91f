/*
 * ko_segment: the sentence ends eg_segment finds, for bench/korean-sentences. Reads FILE, one document a
 * line, and prints for each document one line with the byte offsets (into that line) where its sentences
 * end, the last one excepted, separated by spaces. Not a test: a measuring tool.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: ko_segment FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    eg_span_vec paras = {0}, sents = {0};
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
        size_t len = (size_t)n;
        if (line[len - 1] == '\n')
            len--;
        if (eg_segment(line, len, &paras, &sents, NULL)) {
            fprintf(stderr, "ko_segment: out of memory\n");
            rc = 1;
            break;
        }
        for (size_t i = 0; i + 1 < sents.n; i++)
            printf(i ? " %zu" : "%zu", sents.items[i].end);
        putchar('\n');
    }
    free(line);
    eg_span_vec_destroy(&paras);
    eg_span_vec_destroy(&sents);
    fclose(f);
    return rc;
}
