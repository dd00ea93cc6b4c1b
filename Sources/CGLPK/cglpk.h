// Exposes Debian's GLPK (libglpk-dev ships no pkg-config file, hence a plain header include).
#include <glpk.h>
