/* cleaner._forest: the margins of a forest (cleaner/forest.py), each row walked down each tree.
 *
 * numpy walks the forest level by level over every (tree, row) pair at once: five passes over arrays of
 * trees * rows indexes a level, most of the time spent moving them. Here each row walks each tree from its
 * root to its leaf, reading only the nodes on its path, in the complete layout of `Forest.heap` (the next
 * node found by arithmetic, a fixed number of levels: no branch to mispredict). The leaves are added in the
 * order numpy adds them (`leaves.reshape(trees, rows).sum(axis=0) + bias`), so the floats are the same to
 * the bit:
 *
 *   - two rows or more: numpy's reduction starts each row's sum at 0.0 and adds the trees one by one, in
 *     tree order (the rows are its inner loop);
 *   - one row: the trees are the inner loop, and numpy adds them pairwise (pairwise_sum_DOUBLE in
 *     numpy/_core/src/umath/loops_utils.h.src), which `pairwise` below copies.
 *
 * Plain C API and the buffer protocol, no numpy headers: building needs nothing but a C compiler, and
 * without one `cleaner.forest` keeps its numpy code (the extension is optional in setup.py).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* numpy's PW_BLOCKSIZE: runs of at most this many values are added 8 at a time, longer ones are halved */
#define BLOCK 128

static double
pairwise(const double *a, Py_ssize_t n)
{
    if (n < 8) {
        double sum = 0.;
        for (Py_ssize_t i = 0; i < n; i++) {
            sum += a[i];
        }
        return sum;
    }
    if (n <= BLOCK) {
        double r[8];
        Py_ssize_t i;
        for (int j = 0; j < 8; j++) {
            r[j] = a[j];
        }
        for (i = 8; i < n - (n % 8); i += 8) {
            for (int j = 0; j < 8; j++) {
                r[j] += a[i + j];
            }
        }
        double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) {
            sum += a[i];
        }
        return sum;
    }
    Py_ssize_t half = n / 2;
    half -= half % 8;
    return pairwise(a, half) + pairwise(a + half, n - half);
}

/* A C-contiguous buffer of `length` items of `size` bytes whose struct format is one of `codes` (native
 * byte order), or an exception. */
static int
get_buffer(PyObject *object, Py_buffer *view, int writable, const char *codes, Py_ssize_t size,
           Py_ssize_t length, const char *name)
{
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0))
        < 0) {
        return -1;
    }
    const char *format = view->format ? view->format : "B";
    if (format[0] == '@' || format[0] == '=') {
        format++;
    }
    if (view->itemsize != size || strlen(format) != 1 || !strchr(codes, format[0])) {
        PyErr_Format(PyExc_TypeError, "%s: expected items of format %s and %zd bytes, not %s of %zd",
                     name, codes, size, view->format ? view->format : "B", view->itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    if (view->len != length * size) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items, not %zd", name, length, view->len / size);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* Rows walked side by side down a tree: their paths do not depend on each other, so the processor
 * overlaps their loads instead of waiting for each one (one row at a time is no faster than numpy). */
#define ROWS 8

/* Rows are walked down every tree a stretch at a time, as many as fit in this many bytes, so that they stay
 * in the processor's first cache while the trees read them (a fifth faster on the block model's 154 and
 * 171 columns than all the rows at once; 8 to 32 KB measured alike). */
#define STRETCH_BYTES 16384

/* Add to `out` (or to `scratch`, one leaf value a tree, when there is one row) the leaf that each of the
 * `count` rows reaches in each tree, tree after tree; 0 when done, else -1 for a feature out of range. */
static int
walk_stretch(const double *rows, Py_ssize_t count, Py_ssize_t columns, const Py_ssize_t *feature,
             const double *threshold, const double *leaves, Py_ssize_t trees, int depth, double *out,
             double *scratch)
{
    Py_ssize_t splits = ((Py_ssize_t)1 << depth) - 1;
    for (Py_ssize_t t = 0; t < trees; t++) {
        const Py_ssize_t *tree_feature = feature + t * splits;
        const double *tree_threshold = threshold + t * splits;
        const double *tree_leaves = leaves + t * (splits + 1);  /* node h's leaf at h - splits */
        for (Py_ssize_t first = 0; first < count; first += ROWS) {
            int n = count - first < ROWS ? (int)(count - first) : ROWS;
            const double *block = rows + first * columns;
            Py_ssize_t node[ROWS] = {0};
            for (int level = 0; level < depth; level++) {
                for (int k = 0; k < n; k++) {
                    Py_ssize_t f = tree_feature[node[k]];
                    if ((size_t)f >= (size_t)columns) {
                        return -1;
                    }
                    /* "<=" is false for NaN: the "no" side, as in numpy */
                    node[k] = 2 * node[k] + 1 + (block[k * columns + f] <= tree_threshold[node[k]]);
                }
            }
            if (scratch) {
                scratch[t] = tree_leaves[node[0] - splits];
            }
            else {
                for (int k = 0; k < n; k++) {
                    out[first + k] += tree_leaves[node[k] - splits];
                }
            }
        }
    }
    return 0;
}

/* Walk every row down every tree and write the margins to `out`; 0 when done, else -1 for a feature out of
 * range. Runs without the GIL: it touches only the buffers. The trees are complete and `depth` deep, their
 * `2 ** depth - 1` splits a tree in heap order (node h splits to 2h + 1, no, or 2h + 2, yes) and their
 * `2 ** depth` leaves after; `scratch` holds one row's leaf values. */
static int
walk(const double *rows, Py_ssize_t count, Py_ssize_t columns, const Py_ssize_t *feature,
     const double *threshold, const double *leaves, Py_ssize_t trees, int depth, double bias, double *out,
     double *scratch)
{
    if (count == 1) {
        if (walk_stretch(rows, 1, columns, feature, threshold, leaves, trees, depth, out, scratch) < 0) {
            return -1;
        }
        out[0] = 0. + pairwise(scratch, trees) + bias;
        return 0;
    }
    Py_ssize_t stretch = columns ? STRETCH_BYTES / (columns * (Py_ssize_t)sizeof(double)) : count;
    stretch = stretch < ROWS ? ROWS : stretch - stretch % ROWS;
    for (Py_ssize_t r = 0; r < count; r++) {
        out[r] = 0.;
    }
    for (Py_ssize_t start = 0; start < count; start += stretch) {
        Py_ssize_t length = count - start < stretch ? count - start : stretch;
        if (walk_stretch(rows + start * columns, length, columns, feature, threshold, leaves, trees, depth,
                         out + start, NULL) < 0) {
            return -1;
        }
    }
    for (Py_ssize_t r = 0; r < count; r++) {
        out[r] += bias;
    }
    return 0;
}

PyDoc_STRVAR(margin_doc,
"margin(rows, count, columns, feature, threshold, leaves, trees, depth, bias, out)\n--\n\n"
"Write into `out` (count float64) the margin of each row of `rows` (count * columns float64, C order)\n"
"for the forest of `trees` complete trees `depth` deep: `feature` (intp) and `threshold` (float64) hold\n"
"each tree's 2 ** depth - 1 splits in heap order, `leaves` (float64) its 2 ** depth leaves.");

static PyObject *
margin(PyObject *module, PyObject *args)
{
    PyObject *objects[5];
    Py_ssize_t count, columns, trees;
    int depth;
    double bias;
    if (!PyArg_ParseTuple(args, "OnnOOOnidO:margin", &objects[0], &count, &columns, &objects[1], &objects[2],
                          &objects[3], &trees, &depth, &bias, &objects[4])) {
        return NULL;
    }
    /* sizes small enough that count * columns and trees * 2 ** depth items cannot overflow */
    Py_ssize_t most = PY_SSIZE_T_MAX / 2 / (Py_ssize_t)sizeof(double);
    if (count < 0 || columns < 0 || trees < 0 || depth < 0 || depth > 30 || (columns && count > most / columns)
        || (trees && ((Py_ssize_t)1 << depth) > most / trees)) {
        PyErr_SetString(PyExc_ValueError, "margin: bad count, columns, trees or depth");
        return NULL;
    }
    Py_ssize_t splits = trees * (((Py_ssize_t)1 << depth) - 1);
    Py_buffer rows, feature, threshold, leaves, out;
    PyObject *result = NULL;
    double *scratch;
    int status;
    if (get_buffer(objects[0], &rows, 0, "d", sizeof(double), count * columns, "rows") < 0) {
        return NULL;
    }
    if (get_buffer(objects[1], &feature, 0, "nlq", sizeof(Py_ssize_t), splits, "feature") < 0) {
        goto release_rows;
    }
    if (get_buffer(objects[2], &threshold, 0, "d", sizeof(double), splits, "threshold") < 0) {
        goto release_feature;
    }
    if (get_buffer(objects[3], &leaves, 0, "d", sizeof(double), splits + trees, "leaves") < 0) {
        goto release_threshold;
    }
    if (get_buffer(objects[4], &out, 1, "d", sizeof(double), count, "out") < 0) {
        goto release_leaves;
    }
    scratch = PyMem_Malloc((trees ? trees : 1) * sizeof(double));
    if (!scratch) {
        PyErr_NoMemory();
        goto release_out;
    }
    Py_BEGIN_ALLOW_THREADS
    status = walk(rows.buf, count, columns, feature.buf, threshold.buf, leaves.buf, trees, depth, bias, out.buf,
                  scratch);
    Py_END_ALLOW_THREADS
    PyMem_Free(scratch);
    if (status < 0) {
        PyErr_SetString(PyExc_ValueError, "margin: a feature index out of range");
    }
    else {
        result = Py_NewRef(Py_None);
    }
release_out:
    PyBuffer_Release(&out);
release_leaves:
    PyBuffer_Release(&leaves);
release_threshold:
    PyBuffer_Release(&threshold);
release_feature:
    PyBuffer_Release(&feature);
release_rows:
    PyBuffer_Release(&rows);
    return result;
}

static PyMethodDef methods[] = {
    {"margin", margin, METH_VARARGS, margin_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleaner._forest",
    "The margins of cleaner.forest's forests, compiled (see _forest.c).", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__forest(void)
{
    return PyModule_Create(&module);
}
