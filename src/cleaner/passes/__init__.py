"""One module per kind of boilerplate. Each pass is ``find_<what>(draft, config) -> Iterable[Removal]``."""
