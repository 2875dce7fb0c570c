// title: Duplicate and revised documents
// description: Groups of documents that are copies (exact or near duplicates), revisions or containers of a canonical document, with their similarity, and documents superseded by newer ones. Duplicates are kept in the graph but their mentions are counted once.
// example: skg query duplicates --format json
MATCH (m:Document)-[x:DUPLICATE_OF]->(c:Document)
RETURN c.title AS canonical, m.title AS member, coalesce(x.relation, 'duplicate') AS relation,
       x.similarity AS similarity, c.id AS canonical_id, m.id AS member_id
UNION
MATCH (newer:Document)-[x:SUPERSEDES]->(older:Document)
RETURN newer.title AS canonical, older.title AS member, 'superseded (revision)' AS relation,
       x.similarity AS similarity, newer.id AS canonical_id, older.id AS member_id
