"""publish.py's defaults and limits, in a module of their own: the command
line shows them in every command's --help (build's --publish options
too), and importing publish.py itself (its HTTP code, a dozen dataclasses)
cost a build 13 ms before it had read a file."""

# Where the triples go when neither a graph nor the default graph is asked
# for: one fixed, documented IRI, so publishing a rebuilt glossary again
# replaces the previous copy instead of leaving it next to the new one.
DEFAULT_GRAPH_IRI = "https://w3id.org/gloss-graph/id/graph"

ENV_USER = "GLOSS_GRAPH_SPARQL_USER"
ENV_PASSWORD = "GLOSS_GRAPH_SPARQL_PASSWORD"
ENV_TOKEN = "GLOSS_GRAPH_SPARQL_TOKEN"

# Seconds to wait on one connect, read or write. Generous because a store
# answers a PUT only once the graph is loaded, which is most of the time a
# publish takes (see docs/publishing.md for a measured example).
DEFAULT_TIMEOUT = 120
# A day: far beyond any sensible wait, and far below the ~9.2e9 s (2**63 ns)
# beyond which a socket timeout raises OverflowError.
MAX_TIMEOUT = 24 * 3600
DEFAULT_RETRIES = 3
MAX_RETRIES = 1000
DEFAULT_BACKOFF = 0.5  # seconds before the first retry; doubled each time
MAX_RETRY_WAIT = 30  # seconds: no single wait between tries is longer
# Seconds after the first failed try within which tries may still start:
# with --retries 40 the doubling waits alone would add up to years.
DEFAULT_RETRY_MAX_TIME = 300
MAX_RETRY_MAX_TIME = 24 * 3600
