// title: Documents in the graph
// description: Every ingested document with its regions, publisher, year, format, sections and when it was ingested: what the answers are built from.
// param: region (string, optional): a region id or name; all documents when omitted
// example: skg query documents
MATCH (d:Document)
OPTIONAL MATCH (d)-[:COVERS]->(r:Region)
WITH d, collect(r) AS rs
WHERE $region IS NULL
   OR any(x IN rs WHERE x.id = $region OR x.id = 'region:' + $region OR toLower(x.name) = toLower($region))
OPTIONAL MATCH (d)-[:HAS_SECTION]->(s:Section)
OPTIONAL MATCH (d)-[dup:DUPLICATE_OF]->(c:Document)
RETURN d.title AS document, [x IN rs | x.name] AS regions, d.publisher AS publisher,
       d.published AS published, d.kind AS kind, d.format AS format, count(DISTINCT s) AS sections,
       c.id AS duplicate_of, d.ingested_at AS ingested_at, d.sha256 AS sha256, d.id AS document_id
ORDER BY document
