// title: Stale documents
// description: Documents published before a given year (by default those that predate the Online Safety Act 2023), or superseded by a newer document. Documents with no publication year are listed only when superseded.
// param: before (int, default 2023): documents published before this year are stale
// example: skg query stale-documents --param before=2020
MATCH (d:Document)
OPTIONAL MATCH (newer:Document)-[:SUPERSEDES]->(d)
WITH d, collect(DISTINCT newer.title) AS superseded_by
WHERE (d.published IS NOT NULL AND d.published < $before) OR size(superseded_by) > 0
OPTIONAL MATCH (d)-[:COVERS]->(r:Region)
WITH d, superseded_by, collect(DISTINCT r.name) AS regions
RETURN d.title AS document, regions, d.published AS published, superseded_by,
       CASE WHEN size(superseded_by) > 0 THEN 'superseded'
            ELSE 'published ' + toString(d.published) + ', before ' + toString($before) END AS reason,
       d.publisher AS publisher, d.id AS document_id
ORDER BY published, document
