// title: Partial or truncated source documents
// description: Documents whose text says it is incomplete (a partial summary, an extract, a truncated copy) or that extraction marked as partial: their gaps may be gaps of the copy, not of the guidance.
// example: skg query partial-documents
MATCH (d:Document)-[:HAS_SECTION]->(s:Section)
WITH d, s, [p IN ['partial summary', 'only a partial', 'this is an extract', 'is an excerpt', 'truncated', 'abridged version', 'full version is available'] WHERE toLower(s.text) CONTAINS p] AS says
WHERE size(says) > 0 OR coalesce(d.partial, false) = true OR coalesce(d.truncated, false) = true
WITH d, collect(DISTINCT coalesce(s.number + ' ', '') + s.heading) AS sections, collect(says) AS phrase_lists
OPTIONAL MATCH (d)-[:COVERS]->(r:Region)
RETURN d.title AS document, collect(DISTINCT r.name) AS regions,
       reduce(acc = [], l IN phrase_lists | acc + [x IN l WHERE NOT x IN acc]) AS says,
       sections, d.id AS document_id
ORDER BY document
