"""Neo4j Browser files: the GraSS style and the query guide."""
