-- Keys the servers of one cluster share and nobody else holds (issue 19): the relay key signs the client address a
-- server passes on with a relayed notebook socket, so the holder of the session audits the browser's own address.
CREATE TABLE cluster_keys (
  name VARCHAR(100) PRIMARY KEY,
  value VARCHAR(200) NOT NULL
);
