/** Client requests against the store, as etcdctl sees them (the history the checkers read). */

export type OpKind = 'put' | 'get' | 'delete';
export type OpState = 'pending' | 'ok' | 'timeout' | 'fail';

/** One client request, as etcdctl against one endpoint sees it. */
export interface ClientOp {
	id: number;
	kind: OpKind;
	node: number;
	key: string;
	/** put: value written; get: value read */
	value: string | null;
	serializable: boolean;
	callUs: number;
	returnUs: number | null;
	status: OpState;
	error: string | null;
	/** the store revision the op saw or made (when ok) */
	revision: number | null;
}
