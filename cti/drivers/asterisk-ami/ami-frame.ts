/**
 * One AMI message as read from the wire. `fields` holds each key's first value, keys exactly as sent
 * (`Event`, `Channel`, `Linkedid`, …); keys that occur more than once (`ChanVariable`, `Output`) have all
 * their values, in order, in `lists`. Values are strings, never coerced (`Uniqueid` 1795829496.10 and
 * `+995…` stay as sent).
 */
export interface AmiFrame {
  readonly fields: Readonly<Record<string, string>>;
  readonly lists: Readonly<Record<string, readonly string[]>> | null;
}
