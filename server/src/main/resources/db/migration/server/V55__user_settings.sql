-- What each user chose for the web pages: the language of the UI (en, ja) and the time zone times are shown in.
-- NULL: not chosen (the browser's Accept-Language and time zone apply).
CREATE TABLE user_settings (
  user_name VARCHAR(100) PRIMARY KEY,
  language VARCHAR(16),
  time_zone VARCHAR(64)
);
