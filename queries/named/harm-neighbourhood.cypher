// title: One harm's offences and reporting routes, per region
// description: The neighbourhood of one harm for exploration: per region, each offence (law or provision) and reporting route (agency or contact point) its guidance links the harm to, with how many documents and links say so and one evidence sentence.
// param: harm (string, required): a harm id or name, e.g. grooming or harm:grooming
// example: skg query harm-neighbourhood --param harm=grooming
MATCH (h:Harm)-[l]->(t)
WHERE (h.id = $harm OR h.id = 'harm:' + $harm OR toLower(h.name) = toLower($harm))
  AND (type(l) = 'MAY_CONSTITUTE' OR type(l) = 'REPORTED_VIA')
MATCH (d:Document {id: l.document_id})-[:COVERS]->(r:Region)
OPTIONAL MATCH (t)-[:PART_OF]->(law:Law)
OPTIONAL MATCH (t)-[:BELONGS_TO]->(owner:Agency)
WITH r, h, type(l) AS rel, t, law, owner, count(DISTINCT d) AS documents, count(l) AS links,
     collect(l.evidence) AS evidences,
     max(CASE WHEN l.outdated_name = true THEN 1 ELSE 0 END) AS outdated
RETURN r.name AS region, h.name AS harm,
       CASE rel WHEN 'MAY_CONSTITUTE' THEN 'offence' ELSE 'reporting' END AS link,
       CASE WHEN t:Provision THEN coalesce(law.title, t.law_id) + ' s.' + t.section
            WHEN t:Law THEN t.title
            WHEN t:ContactPoint THEN coalesce(owner.name + ': ', '') + t.kind + ' ' + t.value
            ELSE t.name END AS target,
       labels(t)[0] AS target_label, documents, links, evidences[0] AS evidence,
       outdated = 1 AS outdated_name, t.id AS target_id, r.id AS region_id
ORDER BY region, link, target
