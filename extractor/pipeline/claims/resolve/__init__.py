"""Decide: the resolvers, in the order the component runs them (measure, qualifiers,
scope, period). Each reads the ``ArticleContext`` and the claims decided before,
and writes only the ``Draft`` it is given."""
