/**
 * What an error answer of a ksqlDB server (HTTP 4xx / 5xx, or a redirect) means, in one
 * `KsqlError`: refused credentials (kind `usage`), a refused statement (`statement_error`: the
 * server's `error_code`, `message` and the failing `statementText`, and how many statements of
 * the request had run), any other ksqlDB error (`generic_error`), or an answer that is not
 * ksqlDB's at all (its HTTP status and an excerpt). Pure.
 */
import type { KsqlErrorBody } from './ksql-entities.js';
import { KsqlError, excerpt, type KsqlErrorFacts } from './ksql-errors.js';
import type { KsqlHttpAnswer } from './ksql-http.js';
import { JsonShapeReader } from './ksql-json.js';
import { parseErrorBody } from './ksql-responses.js';

/** ksqlDB's code for a statement it cannot run. */
export const BAD_STATEMENT_ERROR_CODE = 40001;
/** ksqlDB's code for a statement sent to `/ksql` that belongs to `/query`. */
export const QUERY_ENDPOINT_ERROR_CODE = 40002;

/**
 * The error for an answer that is not a success.
 *
 * @param shownUrl the server's address, for messages
 * @param withCredentials whether the request carried credentials (words for 401 / 403)
 */
export function errorFromAnswer(answer: KsqlHttpAnswer, shownUrl: string, withCredentials: boolean): KsqlError {
  const body = parseErrorBody(new JsonShapeReader(answer.request, answer.text));
  const facts: KsqlErrorFacts = {
    request: answer.request,
    httpStatus: answer.status,
    errorCode: body?.errorCode,
    serverMessage: body?.message,
    statementText: body?.statementText,
    entities: body?.entities,
  };
  const said = body === undefined ? '' : `: ${excerpt(body.message)} (error_code ${body.errorCode})`;
  if (answer.status === 401 || answer.status === 403) {
    return new KsqlError('usage', `the ksqlDB server at ${shownUrl} ${withCredentials ? 'refused kbench\'s credentials' : 'asks for credentials'} (HTTP ${answer.status})${said}`, facts, {
      hint: withCredentials
        ? 'check the ksqlDB user, and the environment variable or file that holds its password'
        : 'give the ksqlDB user and where its password is (an environment variable or a file)',
    });
  }
  if (body !== undefined && body.statementText !== undefined) return statementError(body, facts);
  const details = body === undefined && answer.text.trim() !== '' ? [`answer: ${excerpt(answer.text)}`] : [];
  return new KsqlError('cluster', `the ksqlDB server at ${shownUrl} answered ${answer.request} with HTTP ${answer.status}${said}`, facts, {
    details,
    hint: answer.status >= 500 ? 'the server failed: see its log' : 'is --ksql-url the address of a ksqlDB server (its REST API)?',
  });
}

function statementError(body: KsqlErrorBody, facts: KsqlErrorFacts): KsqlError {
  const details = [`statement: ${excerpt(body.statementText ?? '')}`];
  if (body.entities.length > 0) details.push(`${body.entities.length} statement(s) of the same request ran before it (they stay in effect)`);
  const hint =
    body.errorCode === QUERY_ENDPOINT_ERROR_CODE
      ? 'this statement is a query: it belongs to the /query endpoint, not /ksql'
      : 'the server cannot run this statement: check that the sources and topics it names exist, and the server\'s version';
  return new KsqlError('cluster', `ksqlDB refused a statement: ${excerpt(body.message)} (error_code ${body.errorCode})`, facts, { details, hint });
}
