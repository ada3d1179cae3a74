/*
 * payrail.js: take a card on your page without the card number ever touching your page or your servers.
 *
 *   <script src="https://payrail.example/js/payrail.js"></script>
 *   const payrail = Payrail('pk_test_...');
 *   const card = payrail.mountCard('#card');              // card fields in a frame served by Payrail
 *   const result = await payrail.confirmCardPayment(clientSecret, {return_url: 'https://shop.example/done'});
 *   // result.payment (status succeeded, requires_capture, processing...) or result.error (code, message)
 *
 * The fields live in an iframe on Payrail's origin: the card is tokenized there, with Payrail's vault, and the
 * payment confirmed there with its client secret; this page only ever hears the outcome. When the card's bank asks
 * for 3-D Secure, the customer is sent to the bank's page and comes back to return_url. No dependencies, no build.
 */
(function (global) {
    'use strict';

    var script = document.currentScript;
    var PAYRAIL = script && script.src ? new URL(script.src).origin : global.location.origin;

    function Payrail(publishableKey, options) {
        if (!(this instanceof Payrail)) {
            return new Payrail(publishableKey, options);
        }
        if (typeof publishableKey !== 'string' || !/^pk_(test|live)_[A-Za-z0-9]+$/.test(publishableKey)) {
            throw new Error('Payrail needs your publishable key (pk_test_... or pk_live_...), never a secret key.');
        }
        this.key = publishableKey;
        this.origin = (options && options.payrailOrigin) || PAYRAIL;
        this.frame = null;
        this.pending = {};
        this.listeners = {change: []};
        this.ready = null;
        var self = this;
        global.addEventListener('message', function (event) {
            // only Payrail's own frame is listened to, and only what it says about this page's requests
            if (event.origin !== self.origin || !self.frame || event.source !== self.frame.contentWindow) {
                return;
            }
            self.received(event.data || {});
        });
    }

    /** Mounts the card fields into the element (or selector) given; returns an object to listen to their changes. */
    Payrail.prototype.mountCard = function (target) {
        var container = typeof target === 'string' ? document.querySelector(target) : target;
        if (!container) {
            throw new Error('Payrail: nothing to mount the card fields into: ' + target);
        }
        var self = this;
        var frame = document.createElement('iframe');
        frame.src = this.origin + '/js/card-frame?key=' + encodeURIComponent(this.key)
            + '&origin=' + encodeURIComponent(global.location.origin);
        frame.title = 'Secure card payment input';
        frame.setAttribute('allow', 'payment');
        frame.style.border = '0';
        frame.style.width = '100%';
        frame.style.height = '17rem';
        this.ready = new Promise(function (resolve) {
            self.markReady = resolve;
        });
        container.appendChild(frame);
        this.frame = frame;
        return {
            on: function (type, handler) {
                (self.listeners[type] = self.listeners[type] || []).push(handler);
            }
        };
    };

    /**
     * Confirms the payment the client secret names with the card typed into the fields. Resolves to {payment} or
     * {error}; when the bank asks the customer to authenticate, resolves to {payment, redirecting: true} and sends
     * the browser to the bank, which sends it back to return_url (unless options.redirect is 'never').
     */
    Payrail.prototype.confirmCardPayment = function (clientSecret, options) {
        if (!this.frame) {
            return Promise.reject(new Error('Payrail: mountCard first.'));
        }
        var self = this;
        var id = 'req_' + Math.random().toString(36).slice(2) + Date.now().toString(36);
        var opts = options || {};
        return this.ready.then(function () {
            return new Promise(function (resolve) {
                self.pending[id] = resolve;
                self.frame.contentWindow.postMessage({source: 'payrail', type: 'confirm', id: id, clientSecret: clientSecret,
                    returnUrl: opts.return_url || null}, self.origin);
            });
        }).then(function (result) {
            var next = result.payment && result.payment.status === 'requires_action' && result.payment.next_action;
            if (next && next.type === 'redirect_to_url' && opts.redirect !== 'never') {
                result.redirecting = true;
                global.location.assign(next.redirect_to_url.url);
            }
            return result;
        });
    };

    Payrail.prototype.received = function (message) {
        if (message.source !== 'payrail') {
            return;
        }
        if (message.type === 'ready') {
            this.markReady();
        } else if (message.type === 'resize' && typeof message.height === 'number') {
            this.frame.style.height = Math.min(Math.max(message.height, 120), 1200) + 'px';
        } else if (message.type === 'change') {
            this.listeners.change.forEach(function (handler) {
                handler({complete: !!message.complete});
            });
        } else if ((message.type === 'result' || message.type === 'error') && this.pending[message.id]) {
            var resolve = this.pending[message.id];
            delete this.pending[message.id];
            resolve(message.type === 'result' ? {payment: message.payment} : {error: message.error});
        }
    };

    global.Payrail = Payrail;
})(window);
