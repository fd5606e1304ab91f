/* entgraph: the command-line program. Everything happens in cli.c. */
#include "cli.h"

int main(int argc, char **argv)
{
    return eg_cli_main(argc, argv);
}
